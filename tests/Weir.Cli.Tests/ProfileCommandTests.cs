using System.Text.Json;
using System.Text.RegularExpressions;

namespace Weir.Cli.Tests;

public sealed partial class ProfileCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Profile_BuiltSource_PrintsOneRowPerColumn()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var profile = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path);

        profile.ExitCode.ShouldBe(0, profile.ToString());
        Snapshot.Match("profile-raw-orders", profile.Output);
    }

    [Fact]
    public async Task Profile_JsonFormat_HasEveryStatistic()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var profile = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path, "--format", "json");

        profile.ExitCode.ShouldBe(0, profile.ToString());
        Snapshot.Match("profile-raw-orders-json", Timestamps().Replace(profile.Output, "<time>"));
        using var json = JsonDocument.Parse(profile.Output);
        json.RootElement.GetProperty("row_count").GetInt64().ShouldBe(5);
        json.RootElement.GetProperty("run_id").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Profile_History_ListsTheRunsProfileAndTheOnDemandOneNewestFirst()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        (await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var history = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path, "--history", "5", "--format", "json");
        var table = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path, "--history", "5");

        history.ExitCode.ShouldBe(0, history.ToString());
        using var json = JsonDocument.Parse(history.Output);
        json.RootElement.GetArrayLength().ShouldBe(2);
        json.RootElement[0].GetProperty("run_id").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement[1].GetProperty("run_id").GetString().ShouldNotBeNullOrEmpty();
        json.RootElement.EnumerateArray().Select(p => p.GetProperty("row_count").GetInt64()).ShouldBe([5L, 5L]);
        json.RootElement[0].GetProperty("null_ratio").GetProperty("order_id").GetDouble().ShouldBe(0);
        table.Output.ShouldContain("nulls order_id");
        table.Output.ShouldContain("(weir profile)");
    }

    [Fact]
    public async Task Run_ModelWithoutAnomalyChecks_IsNotProfiledButSourcesAre()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var source = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path, "--history", "5", "--format", "json");
        var model = await CliRun.InvokeAsync("profile", "orders", "-p", _folder.Path, "--history", "5", "--format", "json");

        JsonDocument.Parse(source.Output).RootElement.GetArrayLength().ShouldBe(1);
        JsonDocument.Parse(model.Output).RootElement.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Profile_UnknownAsset_FailsWithAHint()
    {
        ShopProject.Write(_folder);

        var profile = await CliRun.InvokeAsync("profile", "raw_order", "-p", _folder.Path);

        profile.ExitCode.ShouldBe(1);
        profile.Error.ShouldContain("no asset 'raw_order' in the project");
        profile.Error.ShouldContain("did you mean 'raw_orders'?");
    }

    [Fact]
    public async Task Profile_NotBuilt_SaysToRunFirst()
    {
        ShopProject.Write(_folder);

        var profile = await CliRun.InvokeAsync("profile", "raw_orders", "-p", _folder.Path);

        profile.ExitCode.ShouldBe(1);
        profile.Error.ShouldContain("nothing has been built yet");
    }

    [GeneratedRegex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")]
    private static partial Regex Timestamps();
}
