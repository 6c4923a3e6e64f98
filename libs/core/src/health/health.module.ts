import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DetailsHealthIndicator, HealthController, RedisHealthIndicator } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, DetailsHealthIndicator],
})
export class HealthModule {}
