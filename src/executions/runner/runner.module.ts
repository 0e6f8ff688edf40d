import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BotSecretEnvironment } from '../../bots/bot-secret-environment';
import { LiveLogModule } from '../../live-log/live-log.module';
import { INTERRUPTIBLE_JOBS } from '../../queue/interruptible-jobs';
import { WorkerHost } from '../../queue/worker-host';
import { ExecutionBackends } from '../backends/execution-backends';
import { ExecutionDataModule } from '../execution-data.module';
import { RunWorkspaces } from '../workspaces/run-workspaces';
import { WorkspaceAdapter } from '../workspaces/workspace.adapter';
import { WorkspaceCleaner } from '../workspaces/workspace-cleaner';
import { ActiveRuns } from './active-runs';
import { CancelListener } from './cancel-listener';
import { ExecutionRunner } from './execution-runner';
import { LogDestinations } from './log-destinations';
import { ProcessAdapter } from './process.adapter';
import { RunClaim } from './run-claim';
import { RunFinisher } from './run-finisher';

/** The worker's job side: BullMQ workers, the execution runner, its workspaces and cancels. */
@Module({
  imports: [DiscoveryModule, ExecutionDataModule, LiveLogModule],
  providers: [
    WorkerHost,
    ExecutionRunner,
    RunClaim,
    RunFinisher,
    LogDestinations,
    ActiveRuns,
    { provide: INTERRUPTIBLE_JOBS, useExisting: ActiveRuns },
    CancelListener,
    ProcessAdapter,
    ExecutionBackends,
    BotSecretEnvironment,
    RunWorkspaces,
    WorkspaceAdapter,
    WorkspaceCleaner,
  ],
})
export class ExecutionRunnerModule {}
