import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { canonicalJson } from '@app/core/json/canonical-json';
import { readOrCreateKeyFile } from '@app/core';

/** What a checkpoint's signature covers. */
export interface CheckpointStatement {
  partnershipId: string | null;
  lastPosition: string;
  rootHash: string;
  keyId: string;
  signedAt: string;
}

/** The exact bytes signed: the canonical JSON of the statement. */
export function checkpointPayload(statement: CheckpointStatement): string {
  return canonicalJson(statement);
}

/**
 * The PKCS#8 PEM of the Ed25519 key that signs audit checkpoints:
 * AUDIT_SIGNING_KEY (a PEM, or the path of one), else a key generated on
 * first start under DATA_DIR/keys.
 */
export async function loadAuditSigningKeyPem(config: AppConfig): Promise<string> {
  const configured = config.audit.signingKey;
  if (configured) {
    const pem = configured.includes('-----BEGIN') ? configured.replace(/\\n/g, '\n') : await readFile(configured, 'utf8');
    return pem.trim();
  }
  return readOrCreateKeyFile(join(config.auth.keysDir, 'audit-signing-key.pem'), () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
  );
}

/** Signs checkpoints (the worker) and checks them (the API's verify). */
@Injectable()
export class AuditSigner implements OnModuleInit {
  private privateKey?: KeyObject;
  private publicKey?: KeyObject;
  private id?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.privateKey = createPrivateKey(await loadAuditSigningKeyPem(this.config));
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key');
    this.publicKey = createPublicKey(this.privateKey);
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.id = createHash('sha256').update(der).digest('hex').slice(0, 16);
  }

  /** The first 16 hex digits of the SHA-256 of the public key (DER). */
  get keyId(): string {
    if (!this.id) throw new Error('AuditSigner is not initialised');
    return this.id;
  }

  /** The public key (SPKI PEM) that checks checkpoints outside the system. */
  get publicKeyPem(): string {
    return this.publicKey!.export({ type: 'spki', format: 'pem' }).toString().trim();
  }

  /** Ed25519 signature (base64url) of the statement. */
  sign(statement: CheckpointStatement): string {
    return sign(null, Buffer.from(checkpointPayload(statement), 'utf8'), this.privateKey!).toString('base64url');
  }

  /** Whether the signature is this key's over the statement. */
  verify(statement: CheckpointStatement, signature: string): boolean {
    if (statement.keyId !== this.keyId) return false;
    try {
      return verify(null, Buffer.from(checkpointPayload(statement), 'utf8'), this.publicKey!, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }
}
