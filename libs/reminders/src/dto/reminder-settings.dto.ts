import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Matches, Max, Min } from 'class-validator';

export class ReminderSettingsBody {
  @ApiProperty({ example: [28, 14, 7, 1, 0], description: 'Days before a due date that a reminder goes (0 = on the day)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(120, { each: true })
  offsetsDays: number[];

  @ApiProperty({ example: '09:00', description: 'When reminders go, Europe/London time, HH:mm' })
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'must be a time of day written HH:mm, e.g. 09:00' })
  sendTime: string;

  @ApiProperty({ example: 7, description: 'Days between escalations once a deadline is overdue' })
  @IsInt()
  @Min(1)
  @Max(90)
  escalationEveryDays: number;
}
