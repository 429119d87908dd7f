import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { VirusScanError, VirusScanner } from '@app/scanning';

/** Pings clamd (PING → PONG), which scans uploads; only checked when one is configured. */
@Injectable()
export class ClamdHealthIndicator {
  constructor(
    private readonly scanner: VirusScanner,
    private readonly indicators: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.scanner.configured;
  }

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      await this.scanner.ping();
      return indicator.up();
    } catch (error) {
      // The health check needs no sign-in: say why, not where clamd is.
      return indicator.down({ reason: error instanceof VirusScanError ? error.reason : 'error' });
    }
  }
}
