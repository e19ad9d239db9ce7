// KeyedReflectionService: the reflection protocol over the generated descriptor pool.
#include "server/reflection_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <unordered_set>

#include "server/status.h"

namespace matching::server {
namespace {

namespace reflection = grpc::reflection::v1alpha;
using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

void SetError(grpc::StatusCode code, const std::string& message,
              reflection::ServerReflectionResponse* response) {
  response->mutable_error_response()->set_error_code(code);
  response->mutable_error_response()->set_error_message(message);
}

// The file and every file it depends on, each once per answer (as gRPC's own reflection
// does: a client can then build the whole pool from the answers).
void AddFile(const FileDescriptor* file, std::unordered_set<std::string>* sent,
             reflection::FileDescriptorResponse* out) {
  if (!sent->insert(file->name()).second) return;
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  out->add_file_descriptor_proto(proto.SerializeAsString());
  for (int i = 0; i < file->dependency_count(); ++i) AddFile(file->dependency(i), sent, out);
}

void Answer(const reflection::ServerReflectionRequest& request,
            const std::vector<std::string>& services,
            reflection::ServerReflectionResponse* response) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  const FileDescriptor* file = nullptr;
  switch (request.message_request_case()) {
    case reflection::ServerReflectionRequest::kListServices:
      for (const std::string& name : services) {
        response->mutable_list_services_response()->add_service()->set_name(name);
      }
      return;
    case reflection::ServerReflectionRequest::kFileByFilename:
      file = pool->FindFileByName(request.file_by_filename());
      if (file == nullptr)
        return SetError(grpc::StatusCode::NOT_FOUND, "File not found.", response);
      break;
    case reflection::ServerReflectionRequest::kFileContainingSymbol:
      file = pool->FindFileContainingSymbol(request.file_containing_symbol());
      if (file == nullptr) {
        return SetError(grpc::StatusCode::NOT_FOUND, "Symbol not found.", response);
      }
      break;
    case reflection::ServerReflectionRequest::kFileContainingExtension: {
      const Descriptor* type =
          pool->FindMessageTypeByName(request.file_containing_extension().containing_type());
      const FieldDescriptor* extension =
          type == nullptr ? nullptr
                          : pool->FindExtensionByNumber(
                                type, request.file_containing_extension().extension_number());
      if (extension == nullptr) {
        return SetError(grpc::StatusCode::NOT_FOUND, "Extension not found.", response);
      }
      file = extension->file();
      break;
    }
    case reflection::ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const Descriptor* type = pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (type == nullptr)
        return SetError(grpc::StatusCode::NOT_FOUND, "Type not found.", response);
      std::vector<const FieldDescriptor*> extensions;
      pool->FindAllExtensions(type, &extensions);
      reflection::ExtensionNumberResponse* numbers =
          response->mutable_all_extension_numbers_response();
      numbers->set_base_type_name(type->full_name());
      for (const FieldDescriptor* extension : extensions) {
        numbers->add_extension_number(extension->number());
      }
      return;
    }
    case reflection::ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      return SetError(grpc::StatusCode::UNIMPLEMENTED, "The server does not support this request.",
                      response);
  }
  std::unordered_set<std::string> sent;
  AddFile(file, &sent, response->mutable_file_descriptor_response());
}

}  // namespace

KeyedReflectionService::KeyedReflectionService(const Authorizer* auth,
                                               std::vector<std::string> services)
    : auth_(auth), services_(std::move(services)) {}

grpc::Status KeyedReflectionService::ServerReflectionInfo(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<reflection::ServerReflectionResponse,
                             reflection::ServerReflectionRequest>* stream) {
  std::string authorization;
  const auto& metadata = context->client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    authorization.assign(it->second.data(), it->second.size());
  }
  // Describing the API is a read like GetServerInfo: every role may, no key may not.
  absl::StatusOr<Principal> caller = auth_->Authorize(authorization, Permission::kReadServerInfo);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  reflection::ServerReflectionRequest request;
  while (stream->Read(&request)) {
    reflection::ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    Answer(request, services_, &response);
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace matching::server
