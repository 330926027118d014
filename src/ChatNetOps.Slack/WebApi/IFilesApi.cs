namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

/// <summary>
/// Slack's file upload flow (https://docs.slack.dev/reference/methods/files.getUploadURLExternal,
/// https://docs.slack.dev/reference/methods/files.completeUploadExternal): get an upload URL and file id for the name
/// and length, POST the bytes there, then complete the upload, sharing the file in a channel (and thread).
/// </summary>
internal interface IFilesApi
{
    Task<SlackApiResult<UploadUrlResponse>> GetUploadUrlExternalAsync(string fileName, int length, CancellationToken cancellationToken);

    Task<SlackApiResult<SlackApiResponse>> UploadAsync(Uri uploadUrl, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<SlackApiResult<SlackApiResponse>> CompleteUploadExternalAsync(string fileId, string title, string channel, string? threadTs, CancellationToken cancellationToken);
}
