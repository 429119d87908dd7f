export * from './reminder-engine';
export * from './reminder-plan';
export * from './reminder-settings.service';
export * from './reminders.module';
export * from './working-calendar';
export * from './dto/reminder-settings.dto';
