namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>Chat commands as the bot builds them, from the local console (a channel kind every test member may use).</summary>
internal static class Commands
{
    public static Actor Person(string memberId) => new(ChatPlatform.Console, memberId, memberId);

    public static ConversationRef Console(string conversation) => new(ChatPlatform.Console, conversation, ChannelKind.Console);

    public static RunCommand Run(string member, string runbook, string conversation, params (string Key, string Value)[] inputs) =>
        new(Person(member), null, Console(conversation), runbook, inputs.ToDictionary(i => i.Key, i => i.Value), null);
}
