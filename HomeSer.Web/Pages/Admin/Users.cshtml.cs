using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin;

/// <summary>Accounts, searchable by email, and the role each one has.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class UsersModel(AdminService admin, ActorResolver actors) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    public PagedList<AdminUserView> Users { get; private set; } = new(0, []);
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var page = Math.Max(1, p ?? 1);
        Users = await admin.ListUsersAsync(Email, new PageRequest(page, PageRequest.DefaultPageSize), ct);
        Pager = Pager.For(Request, page, Users.Count, PageRequest.DefaultPageSize, "User pages");
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(int id, string? role, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        var result = await admin.ChangeRoleAsync(actor!, id, role, ct);
        TempData["Flash"] = result.Error is { } error
            ? BackofficeText.Describe(error)
            : $"{result.Value!.Email} is now {string.Join(", ", result.Value.Roles)}.";
        return RedirectToPage(new { email = Email });
    }
}
