import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@app/access';
import { ClamdHealthIndicator } from './clamd.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly clamd: ClamdHealthIndicator,
  ) {}

  /** The database, and clamd when CLAMD_URL or CLAMD_SOCKET names one. */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database')];
    if (this.clamd.configured) checks.push(() => this.clamd.isHealthy('clamd'));
    return this.health.check(checks);
  }
}
