import type { exportsOps } from '../../../shared/api/exports';
import type { HandlersFor } from '../handler';
import { AppError } from '../errors';
import { runtimeInfo } from '../session/current';
import { cancel, getOwnJob, toProgress } from './jobs';
import { exportOptions, startExport } from './service';

// Another person's export answers exactly as an unknown one: its id tells the caller nothing.
const noJob = (jobId: string) => new AppError('NOT_FOUND', `There is no export ${jobId} of yours running or finished since Plumbline started. Start the export again.`);

export const exportsHandlers = {
  'exports:options': (ctx, { auditId }) => exportOptions(ctx, auditId),
  'exports:start': (ctx, input) => {
    // The browser preview cannot show a save dialog, and a page must never choose where files go:
    // there, exports are written to the exports folder beside the database and downloaded.
    if (input.outPath && runtimeInfo(ctx).transport === 'preview') {
      throw new AppError('FORBIDDEN', 'In the browser preview, exports are saved in the exports folder beside the database; download them from the Reports page.');
    }
    return { jobId: startExport(ctx, input).id };
  },
  'exports:reveal': (ctx, { jobId }) => {
    const job = getOwnJob(jobId, ctx.principal?.id);
    if (!job) throw noJob(jobId);
    if (job.state !== 'done') throw new AppError('VALIDATION', 'This export has not finished yet; wait for it to be ready.');
    const reveal = runtimeInfo(ctx).revealFile;
    if (!reveal) throw new AppError('FORBIDDEN', 'Showing a file in its folder works in the desktop app only; in the browser preview, use Download.');
    reveal(job.finalPath);
    return { ok: true as const };
  },
  'exports:progress': (ctx, { jobId }) => {
    const job = getOwnJob(jobId, ctx.principal?.id);
    if (!job) throw noJob(jobId);
    return toProgress(job);
  },
  'exports:cancel': async (ctx, { jobId }) => {
    if (!getOwnJob(jobId, ctx.principal?.id)) throw noJob(jobId);
    const progress = await cancel(jobId);
    if (!progress) throw noJob(jobId);
    return progress;
  },
} satisfies HandlersFor<typeof exportsOps>;

