package org.pyros.samples.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.samples.LocalPyros;

/**
 * Runs a pool of job workers sharing one Pyros node: {@code [jobs] [threads]} (default 200 jobs
 * on 8 threads), each job calling {@code /calc/add_two_ints}, then prints a summary.
 */
public final class JobWorkersMain {
  static final String SERVICE = "/calc/add_two_ints";

  private JobWorkersMain() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Exposure exposure = new Exposure(NameFilter.NONE, NameFilter.allowing("/calc/*"), NameFilter.NONE);
    try (LocalPyros pyros = LocalPyros.start("job-workers", exposure)) {
      AddTwoInts.serve(pyros.graph(), SERVICE);
      pyros.awaitService(SERVICE, Duration.ofSeconds(10));
      List<JobWorkerPool.Job> work = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        work.add(new JobWorkerPool.Job(i, i, 1000L * i));
      }
      long start = System.nanoTime();
      List<JobWorkerPool.JobResult> results;
      try (JobWorkerPool pool = new JobWorkerPool(pyros.client(), SERVICE, threads, Duration.ofSeconds(5))) {
        results = pool.runAll(work);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      Map<String, Integer> perWorker = new TreeMap<>();
      long wrong = 0;
      for (JobWorkerPool.JobResult r : results) {
        perWorker.merge(r.worker(), 1, Integer::sum);
        JobWorkerPool.Job job = work.get(r.id());
        if (!r.succeeded() || r.sum() != job.a() + job.b()) {
          wrong++;
        }
      }
      System.out.println(results.size() + " jobs on " + threads + " workers through one Pyros node in " + millis + " ms; "
          + wrong + " wrong or failed");
      System.out.println("Jobs per worker: " + perWorker);
      System.out.println("First results: " + results.subList(0, Math.min(3, results.size())));
      if (wrong > 0) {
        throw new IllegalStateException(wrong + " jobs went wrong");
      }
    }
  }
}
