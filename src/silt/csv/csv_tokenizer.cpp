#include "silt/csv/csv_tokenizer.h"

#include <algorithm>
#include <utility>

namespace silt::csv {

CsvTokenizer::CsvTokenizer(std::shared_ptr<io::RandomAccessFile> file, std::string path,
                           int64_t start_offset, int64_t end_offset, int64_t chunk_bytes,
                           CsvDialect dialect)
    : file_(std::move(file)),
      path_(std::move(path)),
      next_offset_(start_offset),
      end_offset_(end_offset),
      chunk_bytes_(std::max<int64_t>(chunk_bytes, 1)),
      dialect_(std::move(dialect)) {}

Status CsvTokenizer::FillChunk() {
  int64_t length = std::min(chunk_bytes_, end_offset_ - next_offset_);
  SILT_ASSIGN_OR_RETURN(chunk_, file_->ReadAt(next_offset_, length));
  if (chunk_->size() != length) {
    return Status::IOError(path_ + ": short read at offset " + std::to_string(next_offset_));
  }
  next_offset_ += length;
  pos_ = 0;
  return Status::OK();
}

void CsvTokenizer::BeginRow(RowBlock* block) {
  block->row_starts.push_back(static_cast<int64_t>(block->field_ends.size()));
  block->row_lines.push_back(line_);
  row_fields_ = 0;
}

void CsvTokenizer::EndField(RowBlock* block) {
  block->field_ends.push_back(static_cast<int64_t>(block->data.size()));
  block->field_quoted.push_back(field_quoted_ ? 1 : 0);
  field_quoted_ = false;
  ++row_fields_;
}

Status CsvTokenizer::EndRow(RowBlock* block) {
  EndField(block);
  state_ = State::kRowStart;
  if (expected_fields_ >= 0 && row_fields_ != expected_fields_) {
    return Status::Corrupt(path_ + ": line " + std::to_string(block->row_lines.back()) +
                           ": expected " + std::to_string(expected_fields_) +
                           " fields, found " + std::to_string(row_fields_));
  }
  return Status::OK();
}

Status CsvTokenizer::ProcessByte(char c, RowBlock* block) {
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char escape = dialect_.escape;
  const std::string& comment = dialect_.comment;
  switch (state_) {
    case State::kRowStart:
      if (skip_lf_) {
        skip_lf_ = false;
        if (c == '\n') return Status::OK();
      }
      // Blank lines are skipped rather than read as a row with one empty field.
      if (c == '\n') {
        ++line_;
        return Status::OK();
      }
      if (c == '\r') {
        ++line_;
        skip_lf_ = true;
        return Status::OK();
      }
      if (!comment.empty() && c == comment[0]) {
        comment_matched_ = 1;
        state_ = comment.size() == 1 ? State::kCommentLine : State::kComment;
        return Status::OK();
      }
      BeginRow(block);
      state_ = State::kFieldStart;
      return ProcessByte(c, block);
    case State::kComment:
      if (c == comment[comment_matched_]) {
        if (++comment_matched_ == comment.size()) state_ = State::kCommentLine;
        return Status::OK();
      } else {
        // Not a comment after all: the matched prefix is ordinary row text.
        size_t matched = comment_matched_;
        comment_matched_ = 0;
        BeginRow(block);
        state_ = State::kFieldStart;
        for (size_t i = 0; i < matched; ++i) SILT_RETURN_NOT_OK(ProcessByte(comment[i], block));
        return ProcessByte(c, block);
      }
    case State::kCommentLine:
      if (c == '\n' || c == '\r') {
        ++line_;
        skip_lf_ = c == '\r';
        state_ = State::kRowStart;
      }
      return Status::OK();
    case State::kFieldStart:
      if (c == quote) {
        field_quoted_ = true;
        quote_line_ = line_;
        state_ = State::kQuoted;
        return Status::OK();
      }
      if (c == delimiter) {
        EndField(block);
        return Status::OK();
      }
      [[fallthrough]];
    case State::kUnquoted:
      if (c == delimiter) {
        EndField(block);
        state_ = State::kFieldStart;
      } else if (c == '\n' || c == '\r') {
        SILT_RETURN_NOT_OK(EndRow(block));
        ++line_;
        skip_lf_ = c == '\r';
      } else {
        block->data.push_back(c);
        state_ = State::kUnquoted;
      }
      return Status::OK();
    case State::kQuoted:
      if (c == escape && escape != quote) {
        state_ = State::kQuotedEscape;
      } else if (c == quote) {
        state_ = State::kQuoteInQuoted;
      } else {
        if (c == '\n') ++line_;
        block->data.push_back(c);
      }
      return Status::OK();
    case State::kQuotedEscape:
      if (c == '\n') ++line_;
      block->data.push_back(c);
      state_ = State::kQuoted;
      return Status::OK();
    case State::kQuoteInQuoted:
      if (c == quote && escape == quote) {
        block->data.push_back(c);
        state_ = State::kQuoted;
        return Status::OK();
      }
      // Closing quote: what follows is a delimiter, a line break, or (leniently, as most
      // readers do) more text appended to the field.
      state_ = State::kUnquoted;
      return ProcessByte(c, block);
  }
  return Status::OK();
}

Status CsvTokenizer::Consume(int64_t target_rows, RowBlock* block) {
  const char* bytes = reinterpret_cast<const char*>(chunk_->data());
  const int64_t size = chunk_->size();
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char escape = dialect_.escape;
  while (pos_ < size) {
    if (state_ == State::kRowStart && block->num_rows() >= target_rows) return Status::OK();
    // Fast paths: copy runs of ordinary bytes in one append.
    if (state_ == State::kUnquoted) {
      int64_t run = pos_;
      while (run < size && bytes[run] != delimiter && bytes[run] != '\n' && bytes[run] != '\r') {
        ++run;
      }
      block->data.append(bytes + pos_, static_cast<size_t>(run - pos_));
      pos_ = run;
      if (pos_ == size) break;
    } else if (state_ == State::kQuoted) {
      int64_t run = pos_;
      while (run < size && bytes[run] != quote && bytes[run] != escape && bytes[run] != '\n') {
        ++run;
      }
      block->data.append(bytes + pos_, static_cast<size_t>(run - pos_));
      pos_ = run;
      if (pos_ == size) break;
    }
    SILT_RETURN_NOT_OK(ProcessByte(bytes[pos_], block));
    ++pos_;
  }
  return Status::OK();
}

Status CsvTokenizer::ReadRows(int64_t max_rows, RowBlock* block) {
  if (done_) return Status::OK();
  const int64_t target = block->num_rows() + max_rows;
  while (true) {
    if (chunk_ != nullptr && pos_ < chunk_->size()) {
      SILT_RETURN_NOT_OK(Consume(target, block));
      if (state_ == State::kRowStart && block->num_rows() >= target) return Status::OK();
      continue;
    }
    if (next_offset_ < end_offset_) {
      SILT_RETURN_NOT_OK(FillChunk());
      continue;
    }
    // End of input: close a final row that has no line break.
    done_ = true;
    switch (state_) {
      case State::kQuoted:
      case State::kQuotedEscape:
        return Status::Corrupt(path_ + ": line " + std::to_string(quote_line_) +
                               ": unterminated quoted field at end of file");
      case State::kComment: {
        size_t matched = comment_matched_;
        comment_matched_ = 0;
        BeginRow(block);
        state_ = State::kFieldStart;
        for (size_t i = 0; i < matched; ++i) {
          SILT_RETURN_NOT_OK(ProcessByte(dialect_.comment[i], block));
        }
        return EndRow(block);
      }
      case State::kFieldStart:
      case State::kUnquoted:
      case State::kQuoteInQuoted:
        return EndRow(block);
      case State::kRowStart:
      case State::kCommentLine:
        return Status::OK();
    }
    return Status::OK();
  }
}

}  // namespace silt::csv
