namespace ChatNetOps.Slack.Tests.BlockKit;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.BlockKit.Blocks;
using ChatNetOps.Slack.BlockKit.Elements;
using ChatNetOps.Slack.Tests.Fakes;

public sealed class BlockKitRendererTests
{
    public static TheoryData<string> CaseNames => [.. CardCases.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryCardAndDataSet_RendersWithinSlacksDocumentedLimits(string caseName)
    {
        var card = CardCases.All().Single(c => c.Name == caseName).Card;

        var rendering = BlockKitRenderer.Render(card, "fallback for " + caseName);

        var message = ToJson(rendering.Message);
        Assert.Empty(BlockKitChecks.Message(message));
        foreach (var form in rendering.Forms)
        {
            Assert.Empty(BlockKitChecks.Modal(ToJson(BlockKitRenderer.RenderModal(form, new FormMetadata(form.Id) { Channel = "C0INC1001", ResponseUrl = "https://hooks.slack.com/x" }))));
        }
    }

    [Fact]
    public async Task EveryPayload_TypeChecksAgainstTheOfficialSlackTypes()
    {
        var payloads = new List<(string, string, JsonNode)>();
        foreach (var (name, card) in CardCases.All())
        {
            var rendering = BlockKitRenderer.Render(card, "fallback");
            payloads.Add((name, "message", ToJson(rendering.Message)));
            foreach (var form in rendering.Forms.Where(f => f.Inputs.Count > 0))
            {
                payloads.Add(($"{name}/form:{form.Verb}", "modal", ToJson(BlockKitRenderer.RenderModal(form, new FormMetadata(form.Id) { Channel = "C1" }))));
            }
        }

        payloads.Add(("plain-text", "message", ToJson(BlockKitRenderer.RenderText("a <b> & c"))));

        var errors = await SlackTypesChecker.CheckAsync(payloads);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void ApprovalCard_ButtonsCarryVerbAndData_ApproveIsPrimaryRejectIsDangerAndOpensTheReasonForm()
    {
        var rendering = Render(CardNames.ApprovalRequest);

        var buttons = rendering.Message.Blocks.OfType<ActionsBlock>().Single().Elements.Cast<ButtonElement>().ToList();
        Assert.Equal(["approve", "reject", "cancel"], buttons.Select(b => b.ActionId));
        Assert.Equal([ButtonElement.Primary, ButtonElement.Danger, null], buttons.Select(b => b.Style));
        var approve = JsonNode.Parse(buttons[0].Value!)!.AsObject();
        Assert.Equal("REQ-20260314-0007", (string?)approve["requestId"]);
        Assert.False(approve.ContainsKey(BlockKitRenderer.FormKey));
        var reject = JsonNode.Parse(buttons[1].Value!)!.AsObject();
        var form = Assert.Single(rendering.Forms);
        Assert.Equal(form.Id, (string?)reject[BlockKitRenderer.FormKey]);
        Assert.Equal("reject", form.Verb);
        Assert.Equal("reason", Assert.Single(form.Inputs).Id);
        Assert.False(rendering.IsFormOnly);
    }

    [Fact]
    public void ApprovalCard_HeaderAndFacts_BecomeHeaderAndSectionFields()
    {
        var rendering = Render(CardNames.ApprovalRequest);

        var header = Assert.IsType<HeaderBlock>(rendering.Message.Blocks[0]);
        Assert.StartsWith("Approval needed:", header.Text.Text, StringComparison.Ordinal);
        var facts = rendering.Message.Blocks.OfType<SectionBlock>().First(s => s.Fields is not null);
        Assert.Contains(facts.Fields!, f => f.Text.StartsWith("*Device*\n", StringComparison.Ordinal));
    }

    [Fact]
    public void RequestForm_IsFormOnly_AndItsModalHasTheDeviceChoicesAndInputs()
    {
        var rendering = Render(CardNames.RequestForm);

        Assert.True(rendering.IsFormOnly);
        var form = Assert.Single(rendering.Forms);
        Assert.Equal("run", form.Verb);
        var device = form.Inputs.Single(i => i.Id == "device");
        var select = Assert.IsType<StaticSelectElement>(Assert.IsType<InputBlock>(device.Block).Element);
        Assert.NotEmpty(select.Options);
        var modal = BlockKitRenderer.RenderModal(form, new FormMetadata(form.Id) { Channel = "C0INC1001" });
        Assert.True(modal.Title.Text.Length <= 24);
        Assert.Equal(BlockKitRenderer.FormCallbackId, modal.CallbackId);
        Assert.Equal(form.Id, JsonSerializer.Deserialize(modal.PrivateMetadata!, SlackJsonContext.Default.FormMetadata)!.Form);
    }

    [Fact]
    public void ManyDevices_SelectIsCutTo100_WithAHintSayingSo()
    {
        var card = CardCases.Edges().Single(c => c.Name == "request-form/many-devices").Card;

        var form = Assert.Single(BlockKitRenderer.Render(card, "form").Forms);

        var input = Assert.IsType<InputBlock>(form.Inputs.Single(i => i.Id == "device").Block);
        Assert.Equal(100, Assert.IsType<StaticSelectElement>(input.Element).Options.Count);
        Assert.Contains("Showing 100 of 140", input.Hint!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LargestExecutionResult_OutputIsPreformattedInSectionsOf3000_WithEscaping()
    {
        var card = CardCases.Edges().Single(c => c.Name == "execution-result/largest").Card;

        var rendering = BlockKitRenderer.Render(card, "result");

        var code = rendering.Message.Blocks.OfType<SectionBlock>().Where(s => s.Text?.Text.StartsWith("```", StringComparison.Ordinal) == true).ToList();
        Assert.True(code.Count >= 4);
        Assert.All(code, s => Assert.True(s.Text!.Text.Length <= 3000));
        Assert.All(code, s => Assert.DoesNotContain("<!channel>", s.Text!.Text, StringComparison.Ordinal));
        Assert.Contains(code, s => s.Text!.Text.Contains("&lt;up&gt; &amp; running", StringComparison.Ordinal));
        Assert.Contains(rendering.Message.Blocks.OfType<SectionBlock>(), s => s.Text?.Text.Contains("Output truncated", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void ExecutionResult_WithATicket_NamesItInASectionField_WithTheUrlAsALink()
    {
        var rendering = Render(CardNames.ExecutionResult);

        var fields = rendering.Message.Blocks.OfType<SectionBlock>().Where(s => s.Fields is not null).SelectMany(s => s.Fields!);
        var ticket = Assert.Single(fields, f => f.Text.StartsWith("*Ticket*\n", StringComparison.Ordinal));
        Assert.Contains("ServiceNow CHG0031234", ticket.Text, StringComparison.Ordinal);
        Assert.Contains("https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371", ticket.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutionResult_HiddenJsonAndToggleAction_AreLeftOut()
    {
        // A result without a parser: its only toggle is Show JSON, which has no fallback.
        var data = CardCases.SampleData(CardNames.ExecutionResult).AsObject();
        data.Remove("verdict");
        data.Remove("table");
        data.Remove("rollback");
        data["nextSteps"] = new System.Text.Json.Nodes.JsonArray();
        data["outputShown"] = true;
        var rendering = BlockKitRenderer.Render(CardCases.Render(CardNames.ExecutionResult, data), "result");

        Assert.DoesNotContain(rendering.Message.Blocks, b => b is ActionsBlock);
        Assert.Empty(rendering.Forms);
    }

    [Fact]
    public void ExecutionResultWithAVerdict_RawOutputToggle_BecomesItsFallbackButton_AndTheHiddenOutputIsLeftOut()
    {
        var rendering = Render(CardNames.ExecutionResult);

        // The sample also offers Roll back and one next step (issue 17): Slack buttons after the Raw output fallback.
        var buttons = Assert.Single(rendering.Message.Blocks.OfType<ActionsBlock>()).Elements.Select(e => Assert.IsType<ButtonElement>(e)).ToList();
        Assert.Equal(["rawOutput", "rollback", "next"], buttons.Select(b => b.ActionId!.Split('#')[0]));
        Assert.Equal("""{"requestId":"REQ-20260314-0007","next":0}""", buttons[2].Value);
        var button = buttons[0];
        Assert.Equal("Raw output", button.Text.Text);
        Assert.StartsWith("rawOutput", button.ActionId, StringComparison.Ordinal);
        Assert.Contains("REQ-20260314-0007", button.Value, StringComparison.Ordinal);
        var text = string.Join('\n', rendering.Message.Blocks.OfType<SectionBlock>().Select(s => s.Text?.Text));
        Assert.Contains("Problem: 1/2 neighbours up", text, StringComparison.Ordinal);
        Assert.DoesNotContain("show interfaces GigabitEthernet1/0/1 status", text, StringComparison.Ordinal);
        Assert.Empty(rendering.Forms);
    }

    [Fact]
    public void RunbookList_EachRunbooksButtonIsItsSectionsAccessory_WithinFiftyBlocksAtTheListCap()
    {
        var card = CardCases.Edges().Single(c => c.Name == "runbook-list/at-cap").Card;

        var rendering = BlockKitRenderer.Render(card, "runbooks");

        var withButton = rendering.Message.Blocks.OfType<SectionBlock>().Where(s => s.Accessory is ButtonElement).ToList();
        Assert.Equal(CardLimits.ListedItems, withButton.Count);
        Assert.True(rendering.Message.Blocks.Count <= 50);
        Assert.All(withButton, s => Assert.Equal("requestForm", ((ButtonElement)s.Accessory!).ActionId));
    }

    [Theory]
    [InlineData("device-list/at-cap")]
    [InlineData("lock-list/at-cap")]
    public void DeviceAndLockLists_AtTheCap_FitInFiftyBlocks_WithBroadcastsAndMarkupEscaped(string caseName)
    {
        var card = CardCases.Edges().Single(c => c.Name == caseName).Card;

        var rendering = BlockKitRenderer.Render(card, caseName);
        var json = ToJson(rendering.Message).ToJsonString();

        Assert.True(rendering.Message.Blocks.Count <= 50, $"{rendering.Message.Blocks.Count} blocks");
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", json, StringComparison.Ordinal);
        Assert.Contains("dev-099", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovalCard_MentionsOnlyTheSlackUserIdsAmongItsApprovers()
    {
        var card = CardCases.All().Single(c => c.Name == "approval-request").Card;
        string[] approvers = ["U0CAROL0003", "W0DAVE0004", "U0CAROL0003", "29:1b-teams-mri", "<!channel>", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "u0lower", "U0CAROL|x"];

        var rendering = BlockKitRenderer.Render(card, "Approval needed for R-1.", approvers);
        var json = ToJson(rendering.Message).ToJsonString();

        Assert.Equal("Approval needed for R-1.\nApprovers: <@U0CAROL0003>, <@W0DAVE0004>", rendering.Message.Text);
        var mentions = rendering.Message.Blocks.OfType<SectionBlock>().Single(s => s.Text?.Text.StartsWith("*Approvers:*", StringComparison.Ordinal) == true);
        Assert.Equal("*Approvers:* <@U0CAROL0003>, <@W0DAVE0004>", mentions.Text!.Text);
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("29:1b-teams-mri", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovalCard_WithNoSlackApprovers_HasNoMentions()
    {
        var card = CardCases.All().Single(c => c.Name == "approval-request").Card;

        var rendering = BlockKitRenderer.Render(card, "Approval needed for R-1.", ["29:1b-teams-mri", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]);

        Assert.Equal("Approval needed for R-1.", rendering.Message.Text);
        Assert.DoesNotContain(rendering.Message.Blocks.OfType<SectionBlock>(), s => s.Text?.Text.Contains("Approvers:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void OverLimits_EveryCutIsStatedInTheMessage()
    {
        var rendering = BlockKitRenderer.Render(CardCases.OverLimits(), "over");
        var blocks = rendering.Message.Blocks;

        Assert.True(blocks.Count <= 50);
        Assert.Contains(blocks.OfType<ContextBlock>(), c => c.Elements.Any(e => e.Text.Contains("more blocks not shown", StringComparison.Ordinal)));
        Assert.Contains(blocks.OfType<ContextBlock>(), c => c.Elements.Any(e => e.Text.Contains("Media", StringComparison.Ordinal)));
        Assert.Contains(blocks.OfType<ContextBlock>(), c => c.Elements.Any(e => e.Text.Contains("image is not shown", StringComparison.Ordinal)));
        Assert.EndsWith("…", Assert.IsType<HeaderBlock>(blocks[0]).Text.Text, StringComparison.Ordinal);
        Assert.Single(blocks.OfType<ImageBlock>());
        var buttons = blocks.OfType<ActionsBlock>().SelectMany(a => a.Elements).Cast<ButtonElement>().ToList();
        Assert.All(buttons, b => Assert.True(b.Text.Text.Length <= 75 && (b.Value?.Length ?? 0) <= 2000));
        Assert.Equal(buttons.Count, buttons.Select(b => b.ActionId).Distinct().Count());
        Assert.Contains(buttons, b => b.Url == "https://example.com/docs");
    }

    [Fact]
    public void OverLimits_DataTooLargeForAButton_IsKeptServerSideBehindAnId()
    {
        var rendering = BlockKitRenderer.Render(CardCases.OverLimits(), "over");

        var first = rendering.Message.Blocks.OfType<ActionsBlock>().First().Elements.Cast<ButtonElement>().First();
        var value = JsonNode.Parse(first.Value!)!.AsObject();
        var stash = rendering.Forms.Single(f => f.Id == (string?)value[BlockKitRenderer.FormKey]);
        Assert.Empty(stash.Inputs);
        Assert.Equal(5000, ((string?)stash.Data["blob"])!.Length);
    }

    [Fact]
    public void TextBlocks_AreEscapedAndConverted()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = "Label", ["weight"] = "Bolder" },
                new JsonObject { ["type"] = "TextBlock", ["text"] = "**x** < y & <@U123>", ["color"] = "Warning" }),
        };

        var section = Assert.IsType<SectionBlock>(Assert.Single(BlockKitRenderer.Render(card, "t").Message.Blocks));

        Assert.Equal("*Label*\n:warning: *x* &lt; y &amp; &lt;@U123&gt;", section.Text!.Text);
    }

    [Fact]
    public void NotificationText_OfACardAndOfPlainText_IsEscaped_WhileTheApproverMentionsStayMentions()
    {
        var card = CardCases.All().Single(c => c.Name == "approval-request").Card;

        var rendering = BlockKitRenderer.Render(card, "Approval needed: <!channel> <https://evil.example|click> & more", ["U0CAROL0003"]);
        var plain = BlockKitRenderer.RenderText("Sam rejected R-1: <!here> <@U0BOSS0001>");

        Assert.Equal("Approval needed: &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more\nApprovers: <@U0CAROL0003>", rendering.Message.Text);
        Assert.Equal("Sam rejected R-1: &lt;!here&gt; &lt;@U0BOSS0001&gt;", plain.Text);
        Assert.All(rendering.Message.Blocks.OfType<SectionBlock>().Where(s => s.Text is { Type: TextObject.MarkdownType }), s => Assert.True(s.Text!.Verbatim));
    }

    [Fact]
    public void CodeBlock_IsPreformatted_AndItsFallbackIsNotShownAgain()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JsonArray(new JsonObject
            {
                ["type"] = "CodeBlock",
                ["codeSnippet"] = "Neighbor ID     Pri\n10.0.0.2          1 <up>",
                ["fallback"] = new JsonObject { ["type"] = "TextBlock", ["text"] = "fallback text" },
            }),
        };

        var section = Assert.IsType<SectionBlock>(Assert.Single(BlockKitRenderer.Render(card, "t").Message.Blocks));

        Assert.Equal("```\nNeighbor ID     Pri\n10.0.0.2          1 &lt;up&gt;\n```", section.Text!.Text);
    }

    private static BlockKitRendering Render(string name) => BlockKitRenderer.Render(CardCases.Render(name, CardCases.SampleData(name)), name);

    internal static JsonObject ToJson(SlackMessage message) => JsonSerializer.SerializeToNode(message, SlackJsonContext.Default.SlackMessage)!.AsObject();

    internal static JsonObject ToJson(ModalView view) => JsonSerializer.SerializeToNode(view, SlackJsonContext.Default.ModalView)!.AsObject();
}
