namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Text.Json.Nodes;

/// <summary>Teams-shaped activities as the Connector (or the Agents Playground) posts them.</summary>
public static class Activities
{
    public const string BotId = "28:" + TeamsBotFactory.AppId;
    public const string ChannelId = "19:channelprobe@thread.tacv2";
    public const string TeamId = "19:teamprobe@thread.tacv2";
    public static readonly (string Mri, string Aad, string Name) Pat = ("29:1aAaUserIdFromTeams", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "Pat Tester");
    public static readonly (string Mri, string Aad, string Name) Sam = ("29:2bBbSecondUser", "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee", "Sam Second");

    public static JsonObject PersonalMessage(Uri serviceUrl, string text, (string Mri, string Aad, string Name)? user = null, string channelId = "msteams")
    {
        var from = user ?? Pat;
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = "in-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = channelId,
            ["serviceUrl"] = serviceUrl.AbsoluteUri,
            ["from"] = new JsonObject { ["id"] = from.Mri, ["name"] = from.Name, ["aadObjectId"] = from.Aad },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "ChatNetOps" },
            ["conversation"] = new JsonObject { ["id"] = "a:1personal-" + from.Aad[..8], ["conversationType"] = "personal", ["tenantId"] = TeamsBotFactory.TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsBotFactory.TenantId } },
            ["text"] = text,
            ["textFormat"] = "plain",
        };
    }

    /// <summary>A channel message with the bot @mentioned, in thread <paramref name="threadMessageId"/> as the Playground sends it.</summary>
    public static JsonObject ChannelMessage(Uri serviceUrl, string text, (string Mri, string Aad, string Name)? user = null, string threadMessageId = "1001")
    {
        var activity = PersonalMessage(serviceUrl, $"<at>ChatNetOps</at> {text}", user);
        activity["conversation"] = new JsonObject { ["id"] = $"{ChannelId};messageid={threadMessageId}", ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TeamsBotFactory.TenantId };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TeamsBotFactory.TenantId },
            ["team"] = new JsonObject { ["id"] = TeamId },
            ["channel"] = new JsonObject { ["id"] = ChannelId },
            ["teamsChannelId"] = ChannelId,
            ["teamsTeamId"] = TeamId,
        };
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "ChatNetOps" },
            ["text"] = "<at>ChatNetOps</at>",
        });
        return activity;
    }

    /// <summary>Action.Execute as Teams sends it: invoke adaptiveCard/action (no trigger, no action.id, like the Playground).</summary>
    public static JsonObject Execute(JsonObject conversationSource, string verb, JsonObject data, string replyToId, (string Mri, string Aad, string Name) user)
    {
        var activity = (JsonObject)conversationSource.DeepClone();
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity.Remove("text");
        activity.Remove("entities");
        activity["from"] = new JsonObject { ["id"] = user.Mri, ["name"] = user.Name, ["aadObjectId"] = user.Aad };
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        return activity;
    }
}
