export * from './subject-access.module';
export * from './subject-access.service';
export * from './dto/subject-access.dto';
