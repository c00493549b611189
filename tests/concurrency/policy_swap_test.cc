// A host replaces its policy while readers evaluate. Readers load the
// current policy once per request and evaluate it, and a writer compiles
// new policies and swaps them in. Each generation's policy grants a
// different, known set of privileges, so a reader that saw a
// half-published policy would get a wrong result. Run under ThreadSanitizer as well (see
// docs/embedding.md).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph {
namespace {

constexpr int kUsers = 40;
constexpr int kPrivileges = 8;

// Privileges p0..p7; role "staff" grants p0..p(N-1) where N is
// `generation % kPrivileges + 1`; every user is a member. The generation
// is the model's name.
v1::Model GenerationModel(int generation) {
  v1::Model model;
  model.set_name(absl::StrCat(generation));
  for (int p = 0; p < kPrivileges; ++p) {
    v1::Privilege* privilege = model.add_privileges();
    privilege->set_id(absl::StrCat("p", p));
    privilege->set_resource("app");
    privilege->set_action(absl::StrCat("action", p));
  }

  v1::Role* staff = model.add_roles();
  staff->set_id("staff");
  const int granted = generation % kPrivileges + 1;
  for (int p = 0; p < granted; ++p) {
    staff->add_inducements()->set_privilege(absl::StrCat("p", p));
  }

  for (int u = 0; u < kUsers; ++u) {
    v1::User* user = model.add_users();
    user->set_id(absl::StrCat("u", u));
    user->add_assignments()->set_role("staff");
  }
  return model;
}

std::shared_ptr<const Policy> CompileGeneration(int generation) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      Compile(GenerationModel(generation));
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

// Evaluates one request against `policy`. Returns the number of checks
// whose result is wrong for the policy's own generation.
int EvaluateRequest(const std::shared_ptr<const Policy>& policy, int request) {
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(policy, EvaluationContext{.threads = 1});
  if (!evaluator.ok()) return 1;

  const int generation = std::stoi(policy->definitions().name());
  const int granted = generation % kPrivileges + 1;
  const UserIndex user = *policy->FindUser(absl::StrCat("u", request % kUsers));
  int wrong = 0;
  for (int p = 0; p < kPrivileges; ++p) {
    const PrivilegeIndex privilege = *policy->FindPrivilege(absl::StrCat("p", p));
    if ((*evaluator)->Check(user, privilege) != (p < granted)) ++wrong;
  }
  return wrong;
}

// The two ways to publish a policy. libstdc++ 12 (Debian 12's GCC) unlocks
// std::atomic<std::shared_ptr>::load with memory_order_relaxed (see
// bits/shared_ptr_atomic.h), which ThreadSanitizer reports as a race, so
// ThreadSanitizer builds test only the std::atomic_load form.
class AtomicSharedPtrSlot {
 public:
  explicit AtomicSharedPtrSlot(std::shared_ptr<const Policy> policy) : current_(policy) {}
  std::shared_ptr<const Policy> Load() const { return current_.load(); }
  void Store(std::shared_ptr<const Policy> policy) { current_.store(std::move(policy)); }

 private:
  std::atomic<std::shared_ptr<const Policy>> current_;
};

class FreeFunctionSlot {
 public:
  explicit FreeFunctionSlot(std::shared_ptr<const Policy> policy) : current_(policy) {}
  std::shared_ptr<const Policy> Load() const { return std::atomic_load(&current_); }
  void Store(std::shared_ptr<const Policy> policy) {
    std::atomic_store(&current_, std::move(policy));
  }

 private:
  std::shared_ptr<const Policy> current_;
};

#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif

template <typename Slot>
void RunReadersAgainstWriter() {
  constexpr int kReaders = 4;
  constexpr int kGenerations = 30;
  Slot current(CompileGeneration(0));
  std::atomic<bool> done(false);
  std::atomic<int> wrong_results(0);
  std::atomic<int> requests(0);

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      int last_generation = -1;
      for (int request = 0; !done.load() || request < 50; ++request) {
        // One load per request: the request evaluates one policy throughout,
        // even if the writer swaps in a newer one meanwhile.
        std::shared_ptr<const Policy> policy = current.Load();
        wrong_results += EvaluateRequest(policy, request);
        requests.fetch_add(1);

        // Generations only move forward.
        const int generation = std::stoi(policy->definitions().name());
        if (generation < last_generation) ++wrong_results;
        last_generation = generation;
      }
    });
  }

  for (int generation = 1; generation <= kGenerations; ++generation) {
    current.Store(CompileGeneration(generation));
  }
  done.store(true);
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(wrong_results.load(), 0);
  EXPECT_GE(requests.load(), kReaders * 50);
  EXPECT_EQ(current.Load()->definitions().name(), absl::StrCat(kGenerations));
}

TEST(PolicySwapTest, AtomicSharedPtrSwap) {
  if (kThreadSanitizer) {
    GTEST_SKIP() << "libstdc++ 12's std::atomic<std::shared_ptr> is reported "
                    "by ThreadSanitizer; FreeFunctionSwap covers this build";
  }
  RunReadersAgainstWriter<AtomicSharedPtrSlot>();
}

TEST(PolicySwapTest, FreeFunctionSwap) { RunReadersAgainstWriter<FreeFunctionSlot>(); }

// Many threads share one Evaluator, whose holder index is built lazily on
// the first WhoHas.
TEST(PolicySwapTest, SharedEvaluatorAcrossThreads) {
  std::shared_ptr<const Policy> policy = CompileGeneration(3);
  ASSERT_NE(policy, nullptr);
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(policy, EvaluationContext{});
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();
  const Evaluator& shared = **evaluator;

  std::atomic<int> wrong_results(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int p = 0; p < kPrivileges; ++p) {
        const PrivilegeIndex privilege = *policy->FindPrivilege(absl::StrCat("p", p));
        const uint64_t expected = p < 4 ? kUsers : 0;
        if (shared.WhoHas(privilege).cardinality() != expected) ++wrong_results;
        const UserIndex user = *policy->FindUser(absl::StrCat("u", t));
        if (shared.Check(user, privilege) != (p < 4)) ++wrong_results;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(wrong_results.load(), 0);
}

}  // namespace
}  // namespace rolegraph
