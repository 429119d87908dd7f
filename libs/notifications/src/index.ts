export * from './direct-mail';
export * from './entities/outbox-message.entity';
export * from './mail-delivery';
export * from './mail-templates';
export * from './mail-withdrawals';
export * from './mail.processor';
export * from './notifications.module';
export * from './outbox.service';
