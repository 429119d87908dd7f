import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PROTECTED_ROLES } from '@app/anonymisation';

export class SubjectAccessRequest {
  @ApiProperty({
    example: 'Robin Fictionson',
    maxLength: 200,
    description:
      'The name of the person asking (or asked about): a whole name as recorded, or one part of it (a surname). Case, accents and spacing do not matter. In the body, never a URL; never stored or logged in clear',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/\S\s*\S/, { message: 'must hold at least two letters' })
  name: string;
}

export const SUBJECT_SOURCES = ['death-record', 'protected-identity', 'family-record'] as const;

export class SubjectAccessMatch {
  @ApiProperty({
    enum: SUBJECT_SOURCES,
    description: "Where the name is recorded: the death's record (the victim), a review's protected names, or its family record",
  })
  source: (typeof SUBJECT_SOURCES)[number];
  @ApiProperty({ description: 'The id of that record (the death, the protected identity, the family member)' }) recordId: string;
  @ApiProperty({ enum: PROTECTED_ROLES, description: 'Who the person is in the review' }) role: string;
  @ApiProperty({ description: 'The name as recorded (which may be longer than the name searched for)' }) name: string;
  @ApiPropertyOptional({ nullable: true, description: 'How the review names them (the victim’s or family member’s pseudonym)' }) pseudonym: string | null;
  @ApiProperty({ nullable: true, description: 'The review (null for a death no review was opened for)' }) reviewId: string | null;
  @ApiProperty({ nullable: true, example: 'DHR-2026-001' }) reference: string | null;
  @ApiProperty({ nullable: true, example: 'dhr' }) reviewType: string | null;
  @ApiProperty({ nullable: true }) stage: string | null;
  @ApiProperty({ nullable: true }) status: string | null;
}

export class SubjectAccessSearchResult {
  @ApiProperty({ type: [SubjectAccessMatch] }) matches: SubjectAccessMatch[];
  @ApiProperty() searchedAt: string;
}
