export * from './auth.decorators';
export * from './dto/user.dto';
export * from './entities/user.entity';
export * from './identity.module';
export * from './roles';
export * from './users.service';
