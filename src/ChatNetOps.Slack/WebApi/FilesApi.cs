namespace ChatNetOps.Slack.WebApi;

using System.Text.Json.Nodes;
using ChatNetOps.Slack.WebApi.Wire;

internal sealed class FilesApi(SlackApiClient client) : IFilesApi
{
    public Task<SlackApiResult<UploadUrlResponse>> GetUploadUrlExternalAsync(string fileName, int length, CancellationToken cancellationToken) =>
        client.PostFormAsync(
            SlackMethods.FilesGetUploadUrlExternal,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["filename"] = fileName,
                ["length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            SlackJsonContext.Default.UploadUrlResponse,
            token: null,
            cancellationToken);

    public Task<SlackApiResult<SlackApiResponse>> UploadAsync(Uri uploadUrl, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        client.PostUploadAsync(uploadUrl, fileName, contentType, content, cancellationToken);

    public Task<SlackApiResult<SlackApiResponse>> CompleteUploadExternalAsync(string fileId, string title, string channel, string? threadTs, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }).ToJsonString(),
            ["channel_id"] = channel,
        };
        if (threadTs is not null)
        {
            form["thread_ts"] = threadTs;
        }

        return client.PostFormAsync(SlackMethods.FilesCompleteUploadExternal, form, SlackJsonContext.Default.SlackApiResponse, token: null, cancellationToken);
    }
}
