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
 * Paths are absolute; the back end and the loop see the same file system.
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
  submit(job: JobSpec): Promise<string>;
  poll(id: string): Promise<JobState>;
  /** Stop every job still running (their tasks stay unfinished). */
  killAll(): void;
}
