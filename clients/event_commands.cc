// matchctl event ...: recruitment days from the command line.
#include "clients/event_commands.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/agenda.h"
#include "clients/call.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"
#include "matching/v1/event.grpc.pb.h"

namespace matching::clients {
namespace {

struct EventArgs {
  std::string event_id;
  std::string file;
  std::string candidate_id;
  std::vector<std::string> slot_ids;
  int max_interviews = 0;
  bool allow_moves = false;
  bool no_everyone_once = false;
  std::string out_dir;
  int page_size = 0;
  std::string language = "fr";
};

// --language: "fr" or "en"; false (with a message naming the flag) otherwise.
bool French(const EventArgs& args, bool* french) {
  if (args.language != "fr" && args.language != "en") {
    std::cerr << "matchctl: --language: '" << args.language << "' is not one of fr, en\n";
    return false;
  }
  *french = args.language == "fr";
  return true;
}

class EventClient {
 public:
  explicit EventClient(const GlobalOptions& global)
      : global_(global), stub_(v1::EventService::NewStub(OpenChannel(global))) {}

  // One unary call with the global deadline.
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    PrepareCall(global_, &context, global_.timeout_seconds);
    return ((*stub_).*method)(&context, request, response);
  }

  v1::EventService::Stub& stub() { return *stub_; }

 private:
  const GlobalOptions& global_;
  std::unique_ptr<v1::EventService::Stub> stub_;
};

bool ReadEventFile(const std::string& path, v1::Event* event) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << "matchctl: cannot read '" << path << "'\n";
    return false;
  }
  google::protobuf::util::Status parsed =
      google::protobuf::util::JsonStringToMessage(text.str(), event);
  if (!parsed.ok()) {
    std::cerr << "matchctl: '" << path << "' is not an Event in JSON: " << parsed.message() << '\n';
    return false;
  }
  return true;
}

int PrintEvent(const GlobalOptions& global, const v1::Event& event) {
  if (global.json) {
    std::cout << ToJson(event) << '\n';
  } else {
    std::cout << absl::StrFormat("event %s: %s, %s, %s; %d slots, %d booths, %d registrations",
                                 TerminalText(event.id()), TerminalText(event.name()),
                                 TerminalText(event.date()), TerminalText(event.place()),
                                 event.slots_size(), event.booths_size(),
                                 event.registrations_size())
              << (event.plan().interviews_size() > 0
                      ? absl::StrFormat("; planned: %d interviews", event.plan().interviews_size())
                      : std::string("; not planned"))
              << '\n';
  }
  return 0;
}

int WriteEvent(const GlobalOptions& global, const EventArgs& args, bool create) {
  v1::Event event;
  if (!ReadEventFile(args.file, &event)) return 1;
  EventClient client(global);
  v1::Event stored;
  grpc::Status status;
  if (create) {
    v1::CreateEventRequest request;
    *request.mutable_event() = event;
    status = client.Call(&v1::EventService::Stub::CreateEvent, request, &stored);
  } else {
    v1::UpdateEventRequest request;
    *request.mutable_event() = event;
    status = client.Call(&v1::EventService::Stub::UpdateEvent, request, &stored);
  }
  if (!status.ok()) return Fail(global, status);
  return PrintEvent(global, stored);
}

bool GetEvent(const GlobalOptions& global, EventClient& client, const std::string& id,
              v1::Event* event, int* exit_code) {
  v1::GetEventRequest request;
  request.set_id(id);
  grpc::Status status = client.Call(&v1::EventService::Stub::GetEvent, request, event);
  if (!status.ok()) *exit_code = Fail(global, status);
  return status.ok();
}

// Adds, replaces (register) or removes (cancel) one registration: read, change, update.
int ChangeRegistration(const GlobalOptions& global, const EventArgs& args, bool cancel) {
  EventClient client(global);
  v1::UpdateEventRequest request;
  int exit_code = 0;
  if (!GetEvent(global, client, args.event_id, request.mutable_event(), &exit_code)) {
    return exit_code;
  }
  auto* registrations = request.mutable_event()->mutable_registrations();
  bool found = false;
  for (int i = 0; i < registrations->size(); ++i) {
    if (registrations->Get(i).candidate_id() != args.candidate_id) continue;
    registrations->DeleteSubrange(i, 1);
    found = true;
    break;
  }
  if (cancel && !found) {
    std::cerr << "matchctl: candidate '" << args.candidate_id << "' is not registered to event '"
              << args.event_id << "'\n";
    return 1;
  }
  if (!cancel) {
    v1::Registration* registration = registrations->Add();
    registration->set_candidate_id(args.candidate_id);
    registration->set_max_interviews(args.max_interviews);
    for (const std::string& slot : args.slot_ids) registration->add_available_slot_ids(slot);
  }
  v1::Event stored;
  grpc::Status status = client.Call(&v1::EventService::Stub::UpdateEvent, request, &stored);
  if (!status.ok()) return Fail(global, status);
  std::cout << (cancel ? "cancelled " : "registered ") << args.candidate_id << " ("
            << stored.registrations_size()
            << " registrations); run 'matchctl event plan' to update the agendas\n";
  return 0;
}

void PrintChanges(const v1::EventPlan& plan) {
  if (plan.changes().empty()) return;
  std::vector<std::vector<std::string>> rows;
  for (const v1::PlanChange& change : plan.changes()) {
    const v1::Interview& i = change.interview();
    std::string kind = v1::PlanChange::Kind_Name(change.kind()).substr(5);  // drop "KIND_"
    rows.push_back({kind, i.candidate_id(), i.booth_id(),
                    change.previous_slot_id().empty()
                        ? i.slot_id()
                        : absl::StrFormat("%s -> %s", change.previous_slot_id(), i.slot_id())});
  }
  std::cout << "\nchanges since the previous plan:\n";
  PrintTable(std::cout, {"change", "candidate", "booth", "slot"}, rows);
}

int Plan(const GlobalOptions& global, const EventArgs& args) {
  bool french = true;
  if (!French(args, &french)) return 1;
  EventClient client(global);
  v1::PlanEventRequest request;
  request.set_event_id(args.event_id);
  request.set_allow_moves(args.allow_moves);
  if (args.no_everyone_once) request.set_everyone_once(false);
  v1::EventPlan plan;
  grpc::Status status = client.Call(&v1::EventService::Stub::PlanEvent, request, &plan);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(plan) << '\n';
    return 0;
  }
  v1::Event event;
  int exit_code = 0;
  if (!GetEvent(global, client, args.event_id, &event, &exit_code)) return exit_code;
  *event.mutable_plan() = plan;  // exactly what this call planned
  std::cout << Timetable(event, french);
  PrintChanges(plan);
  return 0;
}

// GetAgenda of one participant, its briefings filed by (candidate, booth); false (with the
// exit code set) when the call fails.
bool FetchBriefings(const GlobalOptions& global, EventClient& client, const std::string& event_id,
                    const Participant& who, const std::string& language, Briefings* briefings,
                    int* exit_code) {
  v1::GetAgendaRequest request;
  request.set_event_id(event_id);
  request.set_language(language);
  if (who.kind == Participant::Kind::kCandidate) {
    request.set_candidate_id(who.id);
  } else {
    request.set_booth_id(who.id);
  }
  v1::Agenda agenda;
  grpc::Status status = client.Call(&v1::EventService::Stub::GetAgenda, request, &agenda);
  if (!status.ok()) {
    *exit_code = Fail(global, status);
    return false;
  }
  for (const v1::InterviewBriefing& b : agenda.briefings()) {
    (*briefings)[{b.candidate_id(), b.booth_id()}] = b;
  }
  return true;
}

int Agenda(const GlobalOptions& global, const EventArgs& args) {
  AgendaDetails details;
  if (!French(args, &details.french)) return 1;
  EventClient client(global);
  v1::Event event;
  int exit_code = 0;
  if (!GetEvent(global, client, args.event_id, &event, &exit_code)) return exit_code;
  if (event.plan().interviews().empty() && event.plan().plan_time().empty()) {
    std::cerr << "matchctl: event '" << args.event_id
              << "' is not planned yet; run 'matchctl event plan " << args.event_id << "'\n";
    return 1;
  }
  // Briefings of every participant who has an interview: one GetAgenda each (the server
  // decides what a recruiter may read of a household).
  std::set<std::string> met_candidates, met_booths;
  for (const v1::Interview& interview : event.plan().interviews()) {
    met_candidates.insert(interview.candidate_id());
    met_booths.insert(interview.booth_id());
  }
  for (const std::string& booth : met_booths) {
    if (!FetchBriefings(global, client, event.id(), {Participant::Kind::kBooth, booth},
                        args.language, &details.for_booths, &exit_code)) {
      return exit_code;
    }
  }
  for (const std::string& candidate : met_candidates) {
    if (!FetchBriefings(global, client, event.id(), {Participant::Kind::kCandidate, candidate},
                        args.language, &details.for_candidates, &exit_code)) {
      return exit_code;
    }
  }
  // Offer titles and places for people; an offer deleted since keeps its id.
  for (const auto& [pair, briefing] : details.for_booths) {
    if (briefing.offer_title().empty()) continue;
    details.titles[briefing.offer_id()] =
        briefing.territory_name().empty()
            ? briefing.offer_title()
            : absl::StrCat(briefing.offer_title(), ", ", briefing.territory_name());
  }
  AgendaWriteReport report;
  if (absl::Status s = WriteAgendas(event, args.out_dir, details, &report); !s.ok()) {
    std::cerr << "matchctl: " << s.message() << '\n';
    return 1;
  }
  std::cout << "wrote " << report.written << " files to " << args.out_dir
            << " (agenda.csv, programme.html, index.html, ics/*.ics, html/*.html)";
  if (report.removed > 0) {
    std::cout << "; removed " << report.removed << " files of participants no longer planned";
  }
  std::cout << '\n';
  return 0;
}

int List(const GlobalOptions& global, const EventArgs& args) {
  EventClient client(global);
  v1::ListEventsRequest request;
  request.set_page_size(args.page_size);
  std::vector<std::vector<std::string>> rows;
  do {
    v1::ListEventsResponse response;
    grpc::Status status = client.Call(&v1::EventService::Stub::ListEvents, request, &response);
    if (!status.ok()) return Fail(global, status);
    for (const v1::Event& e : response.events()) {
      if (global.json) {
        std::cout << ToJson(e, /*one_line=*/true) << '\n';
        continue;
      }
      rows.push_back({e.id(), e.date(), e.name(), e.place(), std::to_string(e.booths_size()),
                      std::to_string(e.registrations_size()),
                      std::to_string(e.plan().interviews_size())});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!global.json) {
    PrintTable(std::cout, {"id", "date", "name", "place", "booths", "registrations", "interviews"},
               rows);
  }
  return 0;
}

}  // namespace

void AddEventCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code) {
  CLI::App* event = app.add_subcommand("event", "recruitment days: plan interviews, print agendas");
  event->require_subcommand(1);
  auto args = std::make_shared<EventArgs>();

  CLI::App* create = event->add_subcommand("create", "create an event from a JSON file (Event)");
  create->add_option("file", args->file, "JSON file")->required()->check(CLI::ExistingFile);
  create->callback([=] { *exit_code = WriteEvent(*global, *args, true); });

  CLI::App* update =
      event->add_subcommand("update", "replace an event's definition (keeps its plan)");
  update->add_option("file", args->file, "JSON file")->required()->check(CLI::ExistingFile);
  update->callback([=] { *exit_code = WriteEvent(*global, *args, false); });

  CLI::App* get = event->add_subcommand("get", "one event");
  get->add_option("event_id", args->event_id)->required();
  get->callback([=] {
    EventClient client(*global);
    v1::Event e;
    if (GetEvent(*global, client, args->event_id, &e, exit_code))
      *exit_code = PrintEvent(*global, e);
  });

  CLI::App* list = event->add_subcommand("list", "every event");
  list->add_option("--page_size", args->page_size, "events per call");
  list->callback([=] { *exit_code = List(*global, *args); });

  CLI::App* remove = event->add_subcommand("delete", "delete an event and its plan");
  remove->add_option("event_id", args->event_id)->required();
  remove->callback([=] {
    EventClient client(*global);
    v1::DeleteEventRequest request;
    request.set_id(args->event_id);
    v1::DeleteEventResponse response;
    grpc::Status status = client.Call(&v1::EventService::Stub::DeleteEvent, request, &response);
    *exit_code = status.ok() ? 0 : Fail(*global, status);
    if (status.ok()) std::cout << (response.existed() ? "deleted\n" : "no such event\n");
  });

  CLI::App* reg = event->add_subcommand("register", "register a candidate (late registration)");
  reg->add_option("event_id", args->event_id)->required();
  reg->add_option("--candidate", args->candidate_id, "candidate id")->required();
  reg->add_option("--slots", args->slot_ids, "available slot ids (default: every slot)")
      ->delimiter(',');
  reg->add_option("--max", args->max_interviews, "at most this many interviews (0: the event's)");
  reg->callback([=] { *exit_code = ChangeRegistration(*global, *args, false); });

  CLI::App* cancel = event->add_subcommand("cancel", "cancel a candidate's registration");
  cancel->add_option("event_id", args->event_id)->required();
  cancel->add_option("--candidate", args->candidate_id, "candidate id")->required();
  cancel->callback([=] { *exit_code = ChangeRegistration(*global, *args, true); });

  CLI::App* plan = event->add_subcommand("plan", "plan the interviews and print the timetable");
  plan->add_option("event_id", args->event_id)->required();
  plan->add_flag("--allow_moves", args->allow_moves,
                 "a re-plan may move or drop interviews already communicated");
  plan->add_flag("--no_everyone_once", args->no_everyone_once,
                 "maximise the total score only (default: first serve every registrant once)");
  plan->add_option("--language", args->language, "fr or en")->capture_default_str();
  plan->callback([=] { *exit_code = Plan(*global, *args); });

  CLI::App* agenda =
      event->add_subcommand("agenda", "write every participant's agenda: CSV, iCalendar, HTML");
  agenda->add_option("event_id", args->event_id)->required();
  agenda
      ->add_option("--out", args->out_dir,
                   "output directory; files of participants no longer planned are removed "
                   "(only files an earlier run wrote, listed in its .matchctl-agenda-files)")
      ->required();
  agenda->add_option("--language", args->language, "fr or en")->capture_default_str();
  agenda->callback([=] { *exit_code = Agenda(*global, *args); });
}

}  // namespace matching::clients
