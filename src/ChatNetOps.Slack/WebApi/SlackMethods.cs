namespace ChatNetOps.Slack.WebApi;

/// <summary>The Web API methods we call.</summary>
internal static class SlackMethods
{
    public const string PostMessage = "chat.postMessage";
    public const string Update = "chat.update";
    public const string PostEphemeral = "chat.postEphemeral";
    public const string ViewsOpen = "views.open";
    public const string UsersInfo = "users.info";
    public const string ConversationsInfo = "conversations.info";
    public const string ConnectionsOpen = "apps.connections.open";
    public const string ResponseUrl = "response_url";
    public const string FilesGetUploadUrlExternal = "files.getUploadURLExternal";
    public const string FilesCompleteUploadExternal = "files.completeUploadExternal";

    /// <summary>The POST of a file's bytes to the upload_url files.getUploadURLExternal handed out (not a Web API method).</summary>
    public const string FileUpload = "file_upload";
}
