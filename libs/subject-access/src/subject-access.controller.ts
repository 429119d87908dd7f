import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser } from '@app/common';
import { SubjectAccessRequest, SubjectAccessSearchResult } from './dto/subject-access.dto';
import { SubjectAccessExport, SubjectAccessService } from './subject-access.service';

@ApiTags('subject access')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "Only the partnership's CSP manager" })
@Controller('subject-access')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Post('search')
  @HttpCode(200)
  @Allow('subject-access')
  @ApiOperation({
    summary:
      'Finds a person by name (whole, or one part such as a surname) across every review of the partnership: as the victim, a protected name or a family member. Audited, without the name',
  })
  @ApiOkResponse({ type: SubjectAccessSearchResult })
  search(@CurrentUser() user: AuthenticatedUser, @Body() body: SubjectAccessRequest): Promise<SubjectAccessSearchResult> {
    return this.subjectAccess.search(user, body.name);
  }

  @Post('export')
  @HttpCode(200)
  @Allow('subject-access')
  @ApiOperation({
    summary:
      'Everything the product holds about the person named, as one JSON document: where they appear, their identity records, their family record and contacts, and the whole record of each review they appear in. Audited, without the name',
  })
  @ApiOkResponse({ description: '{exportedAt, matches, identities: {victims, protectedIdentities, familyMembers}, reviews}' })
  export(@CurrentUser() user: AuthenticatedUser, @Body() body: SubjectAccessRequest): Promise<SubjectAccessExport> {
    return this.subjectAccess.export(user, body.name);
  }
}
