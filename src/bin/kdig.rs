fn main() {
    println!("kdig");
}
