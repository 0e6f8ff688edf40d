import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import { CreateUserDto, UpdateUserDto, UserResponse, UserResponseDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users, by email' })
  @ApiResponse({ status: 200, type: [UserResponseDto] })
  list(): Promise<UserResponse[]> {
    return this.service.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (409 when the email is taken)' })
  @ApiResponse({ status: 201, type: UserResponseDto })
  create(@CurrentUser() actor: Identity, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.service.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change email, password or role (409 when it would demote the last admin)' })
  @ApiResponse({ status: 200, type: UserResponseDto })
  update(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.service.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user, their sessions and API keys (409 for the last admin)' })
  remove(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.remove(actor, id);
  }
}
