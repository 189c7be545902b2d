package org.pyros.samples.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;

/**
 * A pool of worker threads, as a job queue runs them, sharing one Pyros node through one {@link
 * PyrosClient}: no worker starts a ROS node of its own. Each job calls a service and records
 * the answer; a failed call is recorded as the job's error, never lost.
 */
public final class JobWorkerPool implements AutoCloseable {
  /** A job: add {@code a} and {@code b} with the service. */
  public record Job(int id, long a, long b) {}

  /**
   * What became of a job: {@code sum} when it succeeded, else {@code error}.
   *
   * @param worker the thread that ran it
   */
  public record JobResult(int id, Long sum, ErrorCode error, String worker) {
    public boolean succeeded() {
      return error == null;
    }
  }

  private final PyrosClient pyros;
  private final String service;
  private final Duration callTimeout;
  private final ExecutorService workers;

  /** {@code threads} workers calling {@code service} through {@code pyros}. */
  public JobWorkerPool(PyrosClient pyros, String service, int threads, Duration callTimeout) {
    this.pyros = pyros;
    this.service = service;
    this.callTimeout = callTimeout;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "job-worker-" + n.incrementAndGet()));
  }

  /** Runs every job on the pool and returns one result per job, in job order. */
  public List<JobResult> runAll(List<Job> jobs) throws InterruptedException {
    List<Future<JobResult>> running = new ArrayList<>();
    for (Job job : jobs) {
      running.add(workers.submit(() -> run(job)));
    }
    List<JobResult> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      try {
        results.add(running.get(i).get());
      } catch (ExecutionException e) {
        // run() records failures itself; this is a bug in it, still recorded against the job.
        results.add(new JobResult(jobs.get(i).id(), null, ErrorCode.SYSTEM_FAILURE, "?"));
      }
    }
    return results;
  }

  /** One job on a worker thread: a blocking call, as ordinary worker code would make. */
  private JobResult run(Job job) {
    String worker = Thread.currentThread().getName();
    try {
      Message response = pyros.call(service, AddTwoInts.request(job.a(), job.b()), callTimeout)
          .toCompletableFuture()
          .get(callTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      return new JobResult(job.id(), response.getLong("sum"), null, worker);
    } catch (ExecutionException e) {
      return new JobResult(job.id(), null, PyrosException.of(e, ErrorCode.SYSTEM_FAILURE).code(), worker);
    } catch (TimeoutException e) {
      return new JobResult(job.id(), null, ErrorCode.TIMEOUT, worker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JobResult(job.id(), null, ErrorCode.UNAVAILABLE, worker);
    }
  }

  /** Lets running jobs finish (up to 10 s), then stops the workers. */
  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
