import { InitialSchema1764144000000 } from './1764144000000-initial-schema';
import { RemindersAndOutbox1764230400000 } from './1764230400000-reminders-and-outbox';
import { BoardsRecommendationsActions1764316800000 } from './1764316800000-boards-recommendations-actions';
import { PartnershipReviewTypes1764403200000 } from './1764403200000-partnership-review-types';
import { DeathsOwhrJointReviews1764489600000 } from './1764489600000-deaths-owhr-joint-reviews';
import { TenantRowSecurity1764576000000 } from './1764576000000-tenant-row-security';
import { IndexableTenancy1764662400000 } from './1764662400000-indexable-tenancy';
import { AuditJournal1764748800000 } from './1764748800000-audit-journal';
import { OwnedReadViews1764838800000 } from './1764838800000-owned-read-views';
import { PauseProofClocks1764925200000 } from './1764925200000-pause-proof-clocks';
import { DeadlineNotSent1764928800000 } from './1764928800000-deadline-not-sent';
import { RetentionAndDisposal1764932400000 } from './1764932400000-retention-and-disposal';
import { Documents1765000000000 } from './1765000000000-documents';
import { Anonymisation1765003600000 } from './1765003600000-anonymisation';
import { InformationAnswers1765010000000 } from './1765010000000-information-answers';
import { DocumentScanRetries1765030000000 } from './1765030000000-document-scan-retries';
import { DraftUnderSignOff1765040000000 } from './1765040000000-draft-under-sign-off';
import { Family1765100000000 } from './1765100000000-family';
import { Proceedings1765110000000 } from './1765110000000-proceedings';
import { PanelMeetings1765120000000 } from './1765120000000-panel-meetings';
import { QaLetter1765130000000 } from './1765130000000-qa-letter';
import { MailWithdrawn1765200000000 } from './1765200000000-mail-withdrawn';
import { WithdrawnRecommendations1765210000000 } from './1765210000000-withdrawn-recommendations';
import { IdentityVault1765300000000 } from './1765300000000-identity-vault';
import { SignInSecurity1765310000000 } from './1765310000000-sign-in-security';
import { AccountLinksAndSecondFactors1765320000000 } from './1765320000000-account-links-and-second-factors';
import { ReviewImports1765330000000 } from './1765330000000-review-imports';
import { AuditCanonicalBytes1765400000000 } from './1765400000000-audit-canonical-bytes';
import { ImmutableCheckpoints1765410000000 } from './1765410000000-immutable-checkpoints';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [
  InitialSchema1764144000000,
  RemindersAndOutbox1764230400000,
  BoardsRecommendationsActions1764316800000,
  PartnershipReviewTypes1764403200000,
  DeathsOwhrJointReviews1764489600000,
  TenantRowSecurity1764576000000,
  IndexableTenancy1764662400000,
  AuditJournal1764748800000,
  OwnedReadViews1764838800000,
  PauseProofClocks1764925200000,
  DeadlineNotSent1764928800000,
  RetentionAndDisposal1764932400000,
  Documents1765000000000,
  Anonymisation1765003600000,
  InformationAnswers1765010000000,
  DocumentScanRetries1765030000000,
  DraftUnderSignOff1765040000000,
  Family1765100000000,
  Proceedings1765110000000,
  PanelMeetings1765120000000,
  QaLetter1765130000000,
  MailWithdrawn1765200000000,
  WithdrawnRecommendations1765210000000,
  IdentityVault1765300000000,
  SignInSecurity1765310000000,
  AccountLinksAndSecondFactors1765320000000,
  ReviewImports1765330000000,
  AuditCanonicalBytes1765400000000,
  ImmutableCheckpoints1765410000000,
];
