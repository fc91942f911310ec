/** Detector tuning from trailwatch.yml: thresholds, learning period, allowlists. One zod schema. */
import { z } from 'zod';

const cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR such as 192.0.2.0/24 or 2001:db8::/32');
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

export const TuningSchema = z
  .object({
    learning: z
      .object({
        /** Distinct days of history before a principal's first-seen alerts count. */
        days: z.number().int().min(0).default(7),
        /** And at least this many events. */
        events: z.number().int().min(0).default(50),
      })
      .strict()
      .default({ days: 7, events: 50 }),
    apiSurge: z
      .object({
        /** Never a surge below this many calls in any 60 minutes. */
        minEventsPerHour: z.number().int().min(1).default(200),
        /** Never a surge below this many calls in any 5 minutes. */
        minEventsPerFiveMinutes: z.number().int().min(1).default(100),
        /** 5 minutes must also exceed this multiple of the busiest 5 minutes of the past two weeks. */
        peakFactor: z.number().min(1).default(4),
        /** The hour must also exceed this multiple of the principal's median active hour… */
        factor: z.number().min(1).default(8),
        /** …and the median plus this many scaled median absolute deviations. */
        madK: z.number().min(1).default(10),
        /** Active hours of history needed before a baseline is trusted. */
        minActiveHours: z.number().int().min(1).default(12),
      })
      .strict()
      .default({
        minEventsPerHour: 200,
        minEventsPerFiveMinutes: 100,
        peakFactor: 4,
        factor: 8,
        madK: 10,
        minActiveHours: 12,
      }),
    enumeration: z
      .object({
        windowMinutes: z.number().int().min(1).default(15),
        distinctServices: z.number().int().min(2).default(10),
        distinctRegions: z.number().int().min(2).default(6),
        distinctReadActions: z.number().int().min(2).default(25),
        accessDenied: z.number().int().min(2).default(15),
      })
      .strict()
      .default({
        windowMinutes: 15,
        distinctServices: 10,
        distinctRegions: 6,
        distinctReadActions: 25,
        accessDenied: 15,
      }),
    s3: z
      .object({
        windowMinutes: z.number().int().min(1).default(10),
        bulkObjects: z.number().int().min(2).default(200),
      })
      .strict()
      .default({ windowMinutes: 10, bulkObjects: 200 }),
    roleAssumption: z
      .object({
        failedBurst: z.number().int().min(2).default(10),
        windowMinutes: z.number().int().min(1).default(15),
      })
      .strict()
      .default({ failedBurst: 10, windowMinutes: 15 }),
    /** One key used from two networks this many minutes apart or less ("impossible travel"). */
    concurrentUseMinutes: z.number().int().min(1).default(10),
    allow: z
      .object({
        /** Sources never reported as new (office, VPN, NAT egress). */
        cidrs: z.array(cidr).default([]),
        /** Networks never reported as new: ASN labels such as "AS16509". */
        networks: z.array(z.string().regex(/^AS\d+$/, 'must look like AS16509')).default([]),
        /** External accounts allowed to assume roles here. */
        trustedAccounts: z.array(accountId).default([]),
        /** Principals (ARNs; `*` matches any run of characters) to ignore, per detector id. */
        ignore: z.record(z.string(), z.array(z.string())).default({}),
      })
      .strict()
      .default({ cidrs: [], networks: [], trustedAccounts: [], ignore: {} }),
  })
  .strict();

export type Tuning = z.infer<typeof TuningSchema>;

export const DEFAULT_TUNING: Tuning = TuningSchema.parse({});
