export declare const SECRET_ROLE: string;
export declare const SECRET_PASSWORD: string;
export declare function findServerPrograms(): string;
export declare function startPostgresCluster(settings?: Record<string, string>): Promise<{ url: string; bin: string; pid: number; stop(): Promise<void> }>;
