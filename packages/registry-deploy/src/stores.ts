/** Turns parsed references into stores: one client per registry host, shared by source and target. */
import { credentialsFor } from './oci/credentials.ts';
import { RegistryClient } from './oci/registry-client.ts';
import { RegistryStore } from './oci/registry-store.ts';
import type { ImageStore } from './oci/store.ts';
import type { ImageReference } from './reference.ts';

export interface StoreOptions {
  insecure: boolean;
  timeoutMs: number;
  username?: string;
  password?: string;
  env?: NodeJS.ProcessEnv;
}

export class Stores {
  private readonly clients = new Map<string, Promise<RegistryClient>>();
  constructor(private readonly opts: StoreOptions) {}

  private client(host: string): Promise<RegistryClient> {
    let client = this.clients.get(host);
    if (!client) {
      client = (async () => {
        // Checked before credentials are looked up, so a refused --insecure never runs a helper.
        new RegistryClient({ host, insecure: this.opts.insecure, timeoutMs: this.opts.timeoutMs });
        const credentials = await credentialsFor(host, { username: this.opts.username, password: this.opts.password }, this.opts.env);
        return new RegistryClient({ host, insecure: this.opts.insecure, credentials, timeoutMs: this.opts.timeoutMs });
      })();
      this.clients.set(host, client);
    }
    return client;
  }

  async open(ref: ImageReference, push: boolean): Promise<ImageStore> {
    // Layout directories load their code only when named (most promotions are registry to registry).
    if (ref.kind === 'oci') return new (await import('./oci/layout-store.ts')).LayoutStore(ref.dir, push);
    return new RegistryStore(await this.client(ref.host), ref.repository, push);
  }

  /** Settles authentication (GET /v2/) so streamed uploads go out with a token that covers every scope. */
  async ping(): Promise<void> {
    await Promise.all([...this.clients.values()].map(async (client) => (await client).ping()));
  }
}
