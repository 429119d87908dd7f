import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptional } from '@app/common';

export class TokenRequest {
  @ApiProperty({ example: 'manager@halton.example' })
  @IsEmail({}, { message: 'must be an email address' })
  email: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  password: string;

  @ApiPropertyOptional({ description: 'The six-digit code from the authenticator app, for an account that has set one up', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'must be the six digits the authenticator app shows' })
  totpCode?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes given when the authenticator app was set up, instead of totpCode; each works once' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 3600 }) expiresIn: number;
}
