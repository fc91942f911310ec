/** The access-key directory port: who owns a key, whether it is active, when it was last used. */

export interface AccessKeyInfo {
  accessKeyId: string;
  /** The account that was asked and knew the key. */
  accountId: string;
  /** The IAM user that owns the key; undefined for the root user's keys (GetAccessKeyLastUsed omits it). */
  userName?: string;
  status?: 'Active' | 'Inactive';
  /** ISO time the key was created. */
  createdAt?: string;
  lastUsed?: {
    /** ISO time; absent when the key was never used. */
    at?: string;
    service?: string;
    region?: string;
  };
}

export interface AccessKeyDirectory {
  /**
   * Looks the key up in `accountId`, or in each configured account in turn when none is given; undefined
   * when no configured account knows it. Throws AwsError when AWS can't be asked.
   */
  describe(accessKeyId: string, accountId?: string): Promise<AccessKeyInfo | undefined>;
}
