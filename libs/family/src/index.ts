export * from './dto/family.dto';
export * from './entities/family.entity';
export * from './family-told.action';
export * from './family.module';
export * from './family.service';
