/**
 * The back-end contract of the job layer (jobs.ts), kept narrow so a batch system (Slurm) can be
 * added without touching the loop. A back end:
 *   - runs each task of a job, in order, as `argv` with working directory `cwd`, stdout and stderr
 *     appended to `cwd/task.log`;
 *   - after a task's command exits 0, creates the empty file `cwd/task_tag_finished` (jobs.ts
 *     FINISHED_TAG); a task that fails does not stop the others of its job (tasks are independent);
 *   - answers poll(id) with 'running' until the job has ended, then 'ended' (whatever the outcome:
 *     the tags say which tasks finished);
 *   - holds at most `slots` jobs at once (the job layer never submits more).
 * Paths are absolute; the loop sees them on its file system (a back end that runs jobs elsewhere
 * moves the inputs there before a job and the outputs back before it answers 'ended').
 *
 * Two optional members serve batch systems, where a job outlives the process that submitted it:
 *   - pollMs: how often the job layer polls (a scheduler is asked every few seconds, not every 25 ms);
 *   - adopt(job): the id of a job this back end submitted earlier, possibly from a process that has
 *     since died, for exactly these tasks and still queued or running; the job layer then waits for it
 *     instead of submitting the tasks again (a restarted `dpmd learn` finds its queued jobs).
 * One serves back ends whose tasks can outlive the process that started them without it knowing:
 *   - reclaim(tasks): before the job layer submits any of `tasks`, stop (and wait for) whatever an
 *     earlier, killed process of this back end left running in their directories, so a task never
 *     runs twice at once in one directory (the local back end: task_process.ts).
 */

export interface Task {
  /** Unique within a stage, e.g. 'task.000.000002'. */
  name: string;
  /** Absolute working directory (exists, holds the task's inputs). */
  cwd: string;
  /** The command, argv[0] being the program. */
  argv: string[];
  /** Files (relative to cwd) the command must leave for the task to count as finished. */
  outputs: string[];
}

export interface JobSpec {
  name: string;
  tasks: Task[];
}

export type JobState = 'running' | 'ended';

export interface Backend {
  readonly slots: number;
  readonly pollMs?: number;
  adopt?(job: JobSpec): Promise<string | null>;
  reclaim?(tasks: Task[]): Promise<void>;
  submit(job: JobSpec): Promise<string>;
  poll(id: string): Promise<JobState>;
  /** Stop every job still running (their tasks stay unfinished). */
  killAll(): void;
}
