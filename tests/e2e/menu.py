"""Going through the main menu as a user does: open the section, then follow its link."""


def menu_go(page, section: str, link: str) -> None:
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.locator("summary", has_text=section).click()
    nav.get_by_role("link", name=link, exact=True).click()


def logout(page) -> None:
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()


def nav_go(page, link: str) -> None:
    """A portal user's menu entry: on the bar, or under « Plus » when the bar is full."""
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.locator("ul.menu").wait_for()
    target = nav.get_by_role("link", name=link, exact=True)
    if not target.is_visible():
        nav.locator("summary", has_text="Plus").click()
    target.click()
