def test_admin_login_page_renders_in_spanish(page):
    page.goto("/admin/login/")
    assert page.locator("html").get_attribute("lang").startswith("es")
    assert page.get_by_label("Nombre de usuario").is_visible()
