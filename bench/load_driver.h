// A closed-loop load phase over gRPC's callback API: `concurrency` calls always in flight,
// each completion starting the next, until a request count or a deadline is reached.
#ifndef MATCHING_BENCH_LOAD_DRIVER_H_
#define MATCHING_BENCH_LOAD_DRIVER_H_

#include <google/protobuf/arena.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "bench/load_stats.h"

namespace matching::bench {

using LoadClock = std::chrono::steady_clock;

// One phase. Not reusable: construct, Run once, read the stats.
// Thread-safety: Run blocks the calling thread; completions arrive on gRPC's threads.
class LoadPhase {
 public:
  // One slot of the `concurrency`: its own random stream, so a run is reproducible per slot.
  struct Worker {
    LoadPhase* phase = nullptr;
    std::mt19937_64 random;
    // Call when the call started by `issue` finished; starts the next one or retires.
    void Finished(CallKind kind, int status_code, double latency_ms);
  };
  // Starts exactly one asynchronous call whose completion calls worker->Finished.
  using IssueFn = std::function<void(Worker* worker)>;

  // `max_requests` 0 means no count bound; `seconds` bounds the phase's duration.
  LoadPhase(IssueFn issue, int concurrency, int64_t max_requests, double seconds, LoadStats* stats)
      : issue_(std::move(issue)),
        concurrency_(concurrency),
        max_requests_(max_requests),
        duration_(std::chrono::duration_cast<LoadClock::duration>(
            std::chrono::duration<double>(seconds))),
        stats_(stats) {}

  // Starts the workers with seeds derived from `seed`, waits for every call to finish and
  // returns the phase's wall time in seconds (first start to last completion).
  double Run(uint64_t seed) {
    start_ = LoadClock::now();
    deadline_ = start_ + duration_;
    workers_.resize(concurrency_);
    active_ = concurrency_;
    for (int i = 0; i < concurrency_; ++i) {
      workers_[i].phase = this;
      workers_[i].random.seed(seed * 1000003 + i);
    }
    for (Worker& worker : workers_) Next(&worker);
    all_done_.WaitForNotification();
    return std::chrono::duration<double>(end_ - start_).count();
  }

 private:
  void Next(Worker* worker) {
    const bool more = LoadClock::now() < deadline_ &&
                      (max_requests_ <= 0 || started_.fetch_add(1) < max_requests_);
    if (more) {
      issue_(worker);
      return;
    }
    if (active_.fetch_sub(1) == 1) {
      end_ = LoadClock::now();
      all_done_.Notify();
    }
  }

  IssueFn issue_;
  int concurrency_;
  int64_t max_requests_;
  LoadClock::duration duration_;
  LoadStats* stats_;
  LoadClock::time_point start_, deadline_, end_;
  std::vector<Worker> workers_;
  std::atomic<int64_t> started_{0};
  std::atomic<int> active_{0};
  absl::Notification all_done_;
};

inline void LoadPhase::Worker::Finished(CallKind kind, int status_code, double latency_ms) {
  if (phase->stats_ != nullptr) phase->stats_->Record(kind, status_code, latency_ms);
  phase->Next(this);
}

// Starts one unary call with the callback API: `method(context, request, response, done)`
// is e.g. `stub->async()->GetOffer`. The call owns its context, request and response and
// frees them in its completion, then reports to the worker. The response is parsed onto
// an arena, freed at once: an explained ranking answer is hundreds of small objects, and
// the client shares the machine's cores with the server it measures.
template <typename Request, typename Response, typename AsyncMethod, typename Prepare>
void StartCall(LoadPhase::Worker* worker, CallKind kind, Request request, AsyncMethod method,
               const Prepare& prepare) {
  struct Call {
    grpc::ClientContext context;
    Request request;
    google::protobuf::Arena arena;
    Response* response = google::protobuf::Arena::CreateMessage<Response>(&arena);
    LoadClock::time_point start;
  };
  auto* call = new Call;
  call->request = std::move(request);
  prepare(&call->context);
  call->start = LoadClock::now();
  method(&call->context, &call->request, call->response, [worker, kind, call](grpc::Status status) {
    const double ms =
        std::chrono::duration<double, std::milli>(LoadClock::now() - call->start).count();
    delete call;
    worker->Finished(kind, static_cast<int>(status.error_code()), ms);
  });
}

}  // namespace matching::bench

#endif  // MATCHING_BENCH_LOAD_DRIVER_H_
