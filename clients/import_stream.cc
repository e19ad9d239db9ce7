// ImportRecords streaming, progress and summary for matchctl.
#include "clients/import_stream.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "clients/call.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"

namespace matching::clients {

ProgressBar::ProgressBar(int64_t total)
    : total_(total), enabled_(isatty(STDERR_FILENO) != 0 && total > 0) {}

void ProgressBar::Update(int64_t done, int64_t records) {
  if (!enabled_ || records % 1000 != 0) return;
  Draw(done, records);
}

void ProgressBar::Done(int64_t records) {
  if (!enabled_) return;
  Draw(total_, records);
  std::cerr << '\n';
}

void ProgressBar::Draw(int64_t done, int64_t records) {
  constexpr int kWidth = 30;
  const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
  const int filled = static_cast<int>(share * kWidth);
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
            << static_cast<int>(share * 100) << "%  " << records << " records" << std::flush;
}

ImportStream::ImportStream(const GlobalOptions& global)
    : stub_(v1::CatalogService::NewStub(OpenChannel(global))) {
  PrepareCall(global, &context_, global.import_timeout_seconds);
  writer_ = stub_->ImportRecords(&context_, &summary_);
}

bool ImportStream::Write(const v1::ImportRecord& record) {
  if (!writer_->Write(record)) return false;
  ++sent_;
  return true;
}

void ImportStream::AddLocalError(v1::ImportError error) {
  local_errors_.push_back(std::move(error));
}

void ImportStream::Cancel() {
  context_.TryCancel();
  writer_->Finish().IgnoreError();
}

grpc::Status ImportStream::Finish(v1::ImportSummary* summary) {
  writer_->WritesDone();
  grpc::Status status = writer_->Finish();
  if (!status.ok()) return status;
  *summary = std::move(summary_);
  for (v1::ImportError& error : local_errors_) *summary->add_errors() = std::move(error);
  summary->set_rejected(summary->rejected() + static_cast<int64_t>(local_errors_.size()));
  summary->set_received(summary->received() + static_cast<int64_t>(local_errors_.size()));
  std::sort(summary->mutable_errors()->begin(), summary->mutable_errors()->end(),
            [](const v1::ImportError& a, const v1::ImportError& b) {
              return a.source_line() < b.source_line();
            });
  return status;
}

int PrintImportSummary(const GlobalOptions& global, const ImportSource& source,
                       const v1::ImportSummary& summary) {
  const bool fr = IsFrench(global);
  std::ostream& notes = global.json ? std::cerr : std::cout;
  if (source.csv) {
    const CsvDialect& d = source.dialect;
    notes << source.name << (fr ? " : CSV séparé par " : ": CSV separated by ")
          << (d.separator == '\t' ? Say(global, "des tabulations", "tabs")
                                  : SeparatorName(d.separator))
          << ", " << (d.bom ? Say(global, "UTF-8 avec BOM", "UTF-8 with BOM") : "UTF-8");
    if (d.converted_lines > 0) {
      notes << (fr ? ", " : ", ") << d.converted_lines
            << Say(global, " lignes lues en Windows-1252 et converties en UTF-8",
                   " lines read as Windows-1252 and converted to UTF-8");
    }
    notes << '\n';
  }
  if (global.json) {
    std::cout << ToJson(summary) << '\n';
  } else if (fr) {
    std::cout << source.name << " : " << summary.accepted() << " acceptés ("
              << summary.territories() << " territoires, " << summary.offers() << " offres, "
              << summary.candidates() << " candidats), " << summary.rejected() << " refusés\n";
  } else {
    std::cout << source.name << ": " << summary.accepted() << " accepted (" << summary.territories()
              << " territories, " << summary.offers() << " offers, " << summary.candidates()
              << " candidates), " << summary.rejected() << " rejected\n";
  }
  if (!global.json) {
    for (const v1::ImportError& error : summary.errors()) {
      std::cout << Say(global, "  ligne ", "  line ") << error.source_line();
      if (!error.record_id().empty()) std::cout << " ('" << TerminalText(error.record_id()) << "')";
      std::cout << (fr ? " : " : ": ") << TerminalText(error.message()) << '\n';
    }
    if (summary.rejected() > summary.errors_size()) {
      std::cout << Say(global, "  ... et ", "  ... and ")
                << summary.rejected() - summary.errors_size()
                << Say(global, " autres\n", " more\n");
    }
  }
  for (const auto& [line, warning] : source.warnings) {
    notes << Say(global, "  ligne ", "  line ") << line << (fr ? " : " : ": ")
          << TerminalText(fr ? warning.french : warning.english) << '\n';
  }
  return summary.rejected() == 0 ? 0 : 2;
}

}  // namespace matching::clients
