namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi.Wire;

/// <summary>views.* methods.</summary>
internal interface IViewsApi
{
    Task<SlackApiResult<ViewResponse>> OpenAsync(string triggerId, ModalView view, CancellationToken cancellationToken);
}
