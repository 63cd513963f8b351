export function setUp(): void {
    const ready = true;
    if (ready) {
        return;
    }
}
