import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { roleAtLeast } from '../access/roles';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { BotRow, BotUpdate } from '../database/database.types';
import { isUniqueViolation } from '../database/pg-errors';
import { readBotOptions, writeBotOptions } from './bot-options';
import { SECRET_NAMES_ROLE } from './bot-secrets.dto';
import { BotSecretsRepository } from './bot-secrets.repository';
import { BotsRepository } from './bots.repository';
import { botNotFound } from './bot-errors';
import { FILE_URL_REFUSED, repositoryUrlProblem } from './repository-url';
import {
  BotResponse,
  CreateBotDto,
  UpdateBotDto,
  applyOptionFields,
  commandProblem,
  mapBot,
  optionProblems,
} from './bots.dto';

@Injectable()
export class BotsService {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly bots: BotsRepository,
    private readonly secrets: BotSecretsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Secret names only for those who may list a bot's secrets (SECRET_NAMES_ROLE). */
  async list(reader: Identity): Promise<BotResponse[]> {
    const rows = await this.bots.list();
    if (!roleAtLeast(reader.role, SECRET_NAMES_ROLE)) return rows.map((row) => mapBot(row));
    const names = await this.secrets.namesByBot(rows.map((r) => r.id));
    return rows.map((row) => mapBot(row, names.get(row.id) ?? []));
  }

  async get(reader: Identity, id: string): Promise<BotResponse> {
    const row = await this.findOrFail(id);
    return roleAtLeast(reader.role, SECRET_NAMES_ROLE) ? this.withSecretNames(row) : mapBot(row);
  }

  async create(actor: Identity, dto: CreateBotDto): Promise<BotResponse> {
    this.assertCloneable(dto.repository);
    const row = await this.uniqueName(dto.name, () =>
      this.bots.create({
        name: dto.name,
        description: dto.description,
        backend: dto.backend,
        model: dto.model ?? null,
        prompt_template: dto.promptTemplate,
        command: dto.command ?? null,
        workdir: dto.workdir ?? null,
        timeout_seconds: dto.timeoutSeconds,
        enabled: dto.enabled,
        options: writeBotOptions(applyOptionFields(readBotOptions({}), dto)),
      }),
    );
    await this.audit.record(
      actor,
      'bot.create',
      { type: 'bot', id: row.id },
      { name: row.name, backend: row.backend },
    );
    return mapBot(row, []);
  }

  async update(actor: Identity, id: string, dto: UpdateBotDto): Promise<BotResponse> {
    const current = await this.findOrFail(id);
    this.assertCloneable(dto.repository);
    const problem = commandProblem(
      dto.backend ?? current.backend,
      dto.command === undefined ? current.command : dto.command,
    );
    if (problem) throw new BadRequestException(`command: ${problem}`);
    const options = applyOptionFields(readBotOptions(current.options), dto);
    const conflicts = optionProblems({
      backend: dto.backend ?? current.backend,
      workdir: dto.workdir === undefined ? current.workdir : dto.workdir,
      options,
    });
    if (conflicts.length) {
      throw new BadRequestException(conflicts.map(([field, why]) => `${field}: ${why}`).join('; '));
    }

    const changes: BotUpdate = {
      name: dto.name,
      description: dto.description,
      backend: dto.backend,
      model: dto.model,
      prompt_template: dto.promptTemplate,
      command: dto.command,
      workdir: dto.workdir,
      timeout_seconds: dto.timeoutSeconds,
      enabled: dto.enabled,
      options: writeBotOptions(options),
    };
    const row = await this.uniqueName(dto.name, () => this.bots.update(id, changes));
    if (!row) throw botNotFound(id);
    await this.audit.record(actor, 'bot.update', { type: 'bot', id }, { fields: Object.keys(dto) });
    return this.withSecretNames(row);
  }

  async remove(actor: Identity, id: string): Promise<void> {
    if (!(await this.bots.delete(id))) throw botNotFound(id);
    await this.audit.record(actor, 'bot.delete', { type: 'bot', id });
  }

  /** The DTO checked the URL's shape; whether this server clones from its own disk is config. */
  private assertCloneable(repository: { url: string } | null | undefined): void {
    if (!repository) return;
    const problem = repositoryUrlProblem(repository.url, {
      allowFileUrls: this.config.CLONE_ALLOW_FILE_URLS,
    });
    if (problem === 'file-url-not-allowed')
      throw new BadRequestException(`repository.url: ${FILE_URL_REFUSED}`);
  }

  private async withSecretNames(row: BotRow): Promise<BotResponse> {
    return mapBot(row, (await this.secrets.namesByBot([row.id])).get(row.id) ?? []);
  }

  private async findOrFail(id: string): Promise<BotRow> {
    const bot = await this.bots.findById(id);
    if (!bot) throw botNotFound(id);
    return bot;
  }

  private async uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'bots_name_key')) {
        throw new ConflictException(`name: a bot named "${name}" already exists`);
      }
      throw err;
    }
  }
}
