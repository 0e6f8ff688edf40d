import { BotSecretEnvironment } from '../../bots/bot-secret-environment';
import { RunContext } from '../execution-runs.repository';
import { GIT_TOKEN_SECRET, gitCloneEnv } from '../workspaces/git-clone';
import { errorText } from './runner-log';
import { SecretMasker } from './secret-masker';

/** A run's opened secrets, the clone's git environment, and the masker that hides both in its log. */
export interface RunSecrets {
  secrets: Record<string, string>;
  /** set when the sealed secrets could not be opened: the run then fails before it starts */
  secretsError?: string;
  gitEnv: Record<string, string>;
  masker: SecretMasker;
}

export function openRunSecrets(
  environment: BotSecretEnvironment,
  sealed: RunContext['sealedSecrets'],
): RunSecrets {
  let secrets: Record<string, string> = {};
  let secretsError: string | undefined;
  try {
    secrets = environment.open(sealed);
  } catch (err) {
    secretsError = `the bot's secrets could not be read: ${errorText(err)}`;
  }
  const git = gitCloneEnv(secrets[GIT_TOKEN_SECRET]);
  const masker = new SecretMasker([...Object.values(secrets), ...git.secrets]);
  return { secrets, secretsError, gitEnv: git.env, masker };
}
