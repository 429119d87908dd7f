import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { registerQueues } from '@app/queues';
import { OutboxMessage } from './entities/outbox-message.entity';
import { DirectMailService } from './direct-mail';
import { MailDelivery } from './mail-delivery';
import { MailWithdrawals } from './mail-withdrawals';
import { MailProcessor } from './mail.processor';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

/** The outbox, for any app that causes mail. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage]), registerQueues(), AuditModule],
  providers: [OutboxService, MailWithdrawals, DirectMailService],
  exports: [OutboxService, MailWithdrawals, DirectMailService],
})
export class NotificationsModule {}

/** The administrators' view of outgoing mail, in the api. */
@Module({ imports: [NotificationsModule], controllers: [OutboxController] })
export class NotificationsApiModule {}

/** Delivery, in the worker. */
@Module({ imports: [NotificationsModule, registerQueues()], providers: [MailDelivery, MailProcessor], exports: [MailDelivery, MailProcessor] })
export class NotificationsWorkerModule {}
