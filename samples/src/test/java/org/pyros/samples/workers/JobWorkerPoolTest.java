package org.pyros.samples.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.msg.Message;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.PyrosTestKitExtension;
import org.pyros.testkit.ScriptedService;

class JobWorkerPoolTest {
  @RegisterExtension
  final PyrosTestKitExtension pyros = PyrosTestKitExtension.inMemory();

  static final String SERVICE = "/calc/add_two_ints";

  static List<JobWorkerPool.Job> jobs(int n) {
    List<JobWorkerPool.Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // a and b differ for every job, so an answer meant for another job would show.
      jobs.add(new JobWorkerPool.Job(i, i, 1_000_000L * i));
    }
    return jobs;
  }

  @Test
  void everyJobGetsItsOwnAnswerAndNoneIsLost() throws Exception {
    PyrosTestKit kit = pyros.kit();
    ScriptedService adder = kit.graph().serving(SERVICE, AddTwoInts.TYPE,
        req -> AddTwoInts.response(req.getLong("a") + req.getLong("b")));
    List<JobWorkerPool.Job> jobs = jobs(300);

    List<JobWorkerPool.JobResult> results;
    try (JobWorkerPool pool = new JobWorkerPool(kit.client(), SERVICE, 8, Duration.ofSeconds(5))) {
      results = pool.runAll(jobs);
    }

    assertEquals(jobs.size(), results.size());
    for (JobWorkerPool.Job job : jobs) {
      JobWorkerPool.JobResult r = results.get(job.id());
      assertEquals(job.id(), r.id());
      assertNull(r.error(), () -> "job " + job.id() + " failed: " + r);
      assertEquals(job.a() + job.b(), r.sum(), () -> "job " + job.id());
    }
    Set<String> workers = results.stream().map(JobWorkerPool.JobResult::worker).collect(Collectors.toSet());
    assertTrue(workers.size() > 1, "the jobs ran on several workers: " + workers);
    // The service saw each job's request exactly once.
    Set<List<Long>> asked = new HashSet<>();
    for (Message req : adder.requests()) {
      assertTrue(asked.add(List.of(req.getLong("a"), req.getLong("b"))), "asked twice: " + req);
    }
    assertEquals(jobs.size(), asked.size());
  }

  @Test
  void aFailingCallIsRecordedAgainstItsJob() throws Exception {
    PyrosTestKit kit = pyros.kit();
    kit.graph().serving(SERVICE, AddTwoInts.TYPE, req -> {
      if (req.getLong("a") % 10 == 7) {
        throw new IllegalArgumentException("unlucky number");
      }
      return AddTwoInts.response(req.getLong("a") + req.getLong("b"));
    });

    List<JobWorkerPool.JobResult> results;
    try (JobWorkerPool pool = new JobWorkerPool(kit.client(), SERVICE, 4, Duration.ofSeconds(5))) {
      results = pool.runAll(jobs(50));
    }

    assertEquals(50, results.size());
    for (JobWorkerPool.JobResult r : results) {
      if (r.id() % 10 == 7) {
        assertEquals(ErrorCode.SERVICE_FAILED, r.error(), r::toString);
      } else {
        assertEquals(r.id() + 1_000_000L * r.id(), r.sum(), r::toString);
      }
    }
  }

  @Test
  void aMissingServiceFailsEveryJobWithoutHanging() throws Exception {
    PyrosTestKit kit = pyros.kit();
    List<JobWorkerPool.JobResult> results;
    try (JobWorkerPool pool = new JobWorkerPool(kit.client(), SERVICE, 4, Duration.ofSeconds(1))) {
      results = pool.runAll(jobs(10));
    }
    assertEquals(10, results.size());
    results.forEach(r -> assertEquals(ErrorCode.NOT_FOUND, r.error(), r::toString));
  }
}
