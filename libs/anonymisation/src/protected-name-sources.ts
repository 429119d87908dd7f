import { Injectable } from '@nestjs/common';
import { ProtectedName } from './find-identifiers';

/**
 * Another capability that keeps protected names of a review (libs/family: family members' real
 * names), so that a check looks for them too without this library reading that capability's tables.
 * Both methods run in the caller's transaction.
 */
export interface ProtectedNameSource {
  namesFor(reviewId: string): Promise<ProtectedName[]>;
  /** When a name was last recorded or changed on the review there (null if none is). */
  lastRecordedAt(reviewId: string): Promise<Date | null>;
}

/** The sources registered at start-up (each by its own module), beside the names recorded here. */
@Injectable()
export class ProtectedNameSources {
  private readonly sources: ProtectedNameSource[] = [];

  register(source: ProtectedNameSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  all(): readonly ProtectedNameSource[] {
    return this.sources;
  }
}
