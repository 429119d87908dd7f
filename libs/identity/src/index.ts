export * from './dto/user.dto';
export * from './entities/user.entity';
export * from './identity.module';
export * from './users.service';
export { hashPassword } from './password';
export * from './dto/account.dto';
export * from './account-links.service';
export * from './second-factor.service';
export * from './council-sign-in.service';
