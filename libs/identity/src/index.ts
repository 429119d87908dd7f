export * from './dto/user.dto';
export * from './entities/user.entity';
export * from './identity.module';
export * from './users.service';
export { hashPassword } from './password';
