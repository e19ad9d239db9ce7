// ArenaMessageAllocator: a callback unary method's request and response on one protobuf
// arena per call.
//
// An explained ranking answer is hundreds of small objects: 20 matches of a dozen
// criteria, each with three strings and a map of parameters. On the heap each is one
// malloc when built and one free when gRPC drops the response. On an arena they are
// carved from a few blocks and freed at once when gRPC releases the call (see
// BENCHMARKS.md, "Seventh pass", for what it saves). The handlers do not change: they
// fill `response` as before, and protobuf copies what crosses arenas.
//
// Thread-safe: every call gets its own holder and arena. The allocator must outlive the
// server (the services own theirs).
#ifndef MATCHING_SERVER_ARENA_ALLOCATOR_H_
#define MATCHING_SERVER_ARENA_ALLOCATOR_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

#include <cstddef>

namespace matching::server {

template <typename Request, typename Response>
class ArenaMessageAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  // The first block lives in the call's holder: a request and a scores-only answer fit in
  // it. Later blocks grow up to kMaxBlockBytes (an explained answer takes a few).
  static constexpr size_t kFirstBlockBytes = 8 << 10;
  static constexpr size_t kMaxBlockBytes = 64 << 10;

  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options(first_block_)) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    // gRPC is done with both messages: the arena frees them and everything they own.
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options(char* first_block) {
      google::protobuf::ArenaOptions options;
      options.initial_block = first_block;
      options.initial_block_size = kFirstBlockBytes;
      options.max_block_size = kMaxBlockBytes;
      return options;
    }

    alignas(std::max_align_t) char first_block_[kFirstBlockBytes];  // before arena_: outlives it
    google::protobuf::Arena arena_;
  };
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_ARENA_ALLOCATOR_H_
