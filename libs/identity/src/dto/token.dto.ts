import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class TokenRequest {
  @ApiProperty({ example: 'manager@halton.example' })
  @IsEmail({}, { message: 'must be an email address' })
  email: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  password: string;
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 3600 }) expiresIn: number;
}
