import { Module } from '@nestjs/common';
import { HeartbeatRepository } from './heartbeat.repository';
import { HeartbeatService } from './heartbeat.service';

@Module({ providers: [HeartbeatRepository, HeartbeatService], exports: [HeartbeatService] })
export class OperationsModule {}
