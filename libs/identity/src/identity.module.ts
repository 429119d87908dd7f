import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey, randomBytes } from 'node:crypto';
import { AppConfigModule, Environment } from '@app/config';
import { AuditModule } from '@app/audit';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { AccountLinksService } from './account-links.service';
import { CouncilSignInService } from './council-sign-in.service';
import { AccountLink } from './entities/account-link.entity';
import { RecoveryCode, TotpFactor } from './entities/totp-factor.entity';
import { InvitationsController } from './invitations.controller';
import { SecondFactorService } from './second-factor.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { User } from './entities/user.entity';
import { WebSessionRecord } from './entities/web-session.entity';
import { PasswordPolicy } from './password-policy';
import { SessionStore } from './session-store';
import { SignInThrottle } from './sign-in-throttle';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, WebSessionRecord, AccountLink, TotpFactor, RecoveryCode]),
    PartnershipsModule,
    NotificationsModule,
    AuditModule,
    JwtModule.registerAsync({
      imports: [AppConfigModule],
      inject: [Environment],
      useFactory: (env: Environment) => {
        let secret = env.JWT_SECRET;
        if (!secret) {
          // Outside production a missing secret is forgiven: tokens simply do not outlive the process.
          new Logger('Identity').warn('JWT_SECRET is not set: using a random secret, so tokens end when the api restarts');
          secret = randomBytes(48).toString('base64url');
        }
        // As a key object: given text, jsonwebtoken first tries it as a public key on every
        // verification, which costs more than the rest of a small request.
        return {
          secret: createSecretKey(Buffer.from(secret)),
          signOptions: { expiresIn: env.JWT_EXPIRES_IN_SECONDS, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  controllers: [AuthController, UsersController, InvitationsController],
  providers: [
    UsersService,
    PasswordPolicy,
    SignInThrottle,
    SessionStore,
    AccountLinksService,
    SecondFactorService,
    CouncilSignInService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, PasswordPolicy, SignInThrottle, SessionStore, AccountLinksService, SecondFactorService, CouncilSignInService],
})
export class IdentityModule {}
