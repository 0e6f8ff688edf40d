import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../access/access.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
// Load balancers probe these; they must answer without credentials, and even when Redis is down.
@Public()
@SkipThrottle()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'PostgreSQL and Redis are reachable (503 otherwise)' })
  async ready() {
    const checks = await this.health.readiness();
    if (checks.postgres === 'down' || checks.redis === 'down') {
      throw new ServiceUnavailableException(
        `Not ready: ${Object.entries(checks)
          .filter(([, s]) => s === 'down')
          .map(([n]) => `${n} unreachable`)
          .join(', ')}`,
      );
    }
    return { status: 'ok', checks };
  }
}
